-- ASCOF 3D, parts 1a and 2a: of the people receiving long-term support in the community on the last day
-- of the period, the proportion receiving self-directed support (1a: a direct payment or a council-managed
-- personal budget) and the proportion receiving a direct payment (2a).
-- Follows: DHSC ASCOF_measures/Create_ASCOF_3D_2425_Onwards.sql, "Client based measures".
-- Reads: cld_main, person_details, ascof_period, ref_ascof, ref_client_setting (the setting hierarchy from
-- carecommons/rules/ascof.py), ref_age_band.
-- Writes: ascof_3d_client_people, one row a person counted in a setting; In_Community = 1 for the
-- denominator, Self_Directed and Direct_Payment for the numerators.

DROP TABLE IF EXISTS ascof_3d_client_people;
CREATE TABLE ascof_3d_client_people AS
WITH on_last_day AS (
  -- Long-term services to people (not carers) running on the last day of the period, of people alive then.
  SELECT
    m.LA_Code,
    m.Der_Person_ID,
    m.Service_Type,
    m.Service_Component,
    -- a direct payment recorded as the component is a direct payment whatever the mechanism says
    CASE WHEN m.Service_Component = v.Direct_Payment THEN v.Direct_Payment ELSE m.Delivery_Mechanism END AS Delivery_Mechanism,
    CASE WHEN pd.Der_Birth_Date IS NULL THEN NULL
         ELSE CAST(FLOOR(date_diff('day', pd.Der_Birth_Date, p.Period_End) / 365.25) AS INTEGER) END AS Age_At_End
  FROM cld_main m
  JOIN person_details pd
    ON pd.LA_Code IS NOT DISTINCT FROM m.LA_Code AND pd.Der_Person_ID = m.Der_Person_ID
  CROSS JOIN ascof_period p
  CROSS JOIN ref_ascof v
  WHERE m.Service_Type IN (v.Nursing, v.Residential, v.Community, v.Prison)
    AND m.Client_Type = v.Service_User
    AND m.Event_Start_Date IS NOT NULL
    AND m.Event_Start_Date <= p.Period_End
    AND (m.Der_Event_End_Date >= m.Event_Start_Date OR m.Der_Event_End_Date IS NULL)
    AND (m.Der_Event_End_Date >= p.Period_End OR m.Der_Event_End_Date IS NULL)
    AND (pd.Date_of_Death >= p.Period_End OR pd.Date_of_Death IS NULL)
),
ranked AS (
  -- Each service's place in the setting hierarchy; a mechanism the hierarchy does not list for the
  -- setting (or any mechanism in a care home) counts as blank ('').
  SELECT
    o.*,
    COALESCE(exact.Hierarchy, blank.Hierarchy) AS Hierarchy,
    CASE WHEN exact.Hierarchy IS NULL THEN '' ELSE o.Delivery_Mechanism END AS Mechanism_Counted
  FROM on_last_day o
  LEFT JOIN ref_client_setting exact
    ON exact.Service_Type = o.Service_Type AND exact.Delivery_Mechanism = o.Delivery_Mechanism
   AND exact.Delivery_Mechanism <> ''
  LEFT JOIN ref_client_setting blank
    ON blank.Service_Type = o.Service_Type AND blank.Delivery_Mechanism = ''
),
per_person AS (
  -- Someone in several settings on the last day counts once, in the highest; where their birth dates
  -- disagree the oldest age is taken (DHSC: MAX age).
  SELECT LA_Code, Der_Person_ID, MIN(Hierarchy) AS Top_Hierarchy, MAX(Age_At_End) AS Age_At_End
  FROM ranked
  GROUP BY LA_Code, Der_Person_ID
),
top_services AS (
  SELECT DISTINCT r.LA_Code, r.Der_Person_ID, r.Service_Type, r.Service_Component, r.Mechanism_Counted
  FROM ranked r
  JOIN per_person pp
    ON pp.LA_Code IS NOT DISTINCT FROM r.LA_Code AND pp.Der_Person_ID = r.Der_Person_ID
   AND pp.Top_Hierarchy = r.Hierarchy
  WHERE pp.Top_Hierarchy IS NOT NULL
)
SELECT
  pp.LA_Code,
  pp.Der_Person_ID,
  pp.Top_Hierarchy,
  pp.Age_At_End,
  CASE WHEN pp.Age_At_End IS NULL THEN 'Unknown'
       WHEN pp.Age_At_End BETWEEN 18 AND 64 THEN '18 to 64' ELSE '65 and above' END AS Working_Age_Band,
  COALESCE(ab.Age_Band, 'Unknown') AS Age_Band,
  pd.Gender,
  pd.Ethnicity_Grouped,
  pd.Primary_Support_Reason,
  MAX(CASE WHEN t.Service_Type = v.Community THEN 1 ELSE 0 END) AS In_Community,
  MAX(CASE WHEN t.Service_Type = v.Community
            AND (t.Mechanism_Counted IN (v.Direct_Payment, v.Managed_Budget) OR t.Service_Component = v.Direct_Payment)
           THEN 1 ELSE 0 END) AS Self_Directed,
  MAX(CASE WHEN t.Service_Type = v.Community
            AND (t.Mechanism_Counted = v.Direct_Payment OR t.Service_Component = v.Direct_Payment)
           THEN 1 ELSE 0 END) AS Direct_Payment,
  MAX(CASE WHEN t.Service_Type = v.Community AND t.Mechanism_Counted = ''
            AND (t.Service_Component IS NULL OR t.Service_Component <> v.Direct_Payment)
           THEN 1 ELSE 0 END) AS Mechanism_Unknown
FROM per_person pp
JOIN top_services t
  ON t.LA_Code IS NOT DISTINCT FROM pp.LA_Code AND t.Der_Person_ID = pp.Der_Person_ID
JOIN person_details pd
  ON pd.LA_Code IS NOT DISTINCT FROM pp.LA_Code AND pd.Der_Person_ID = pp.Der_Person_ID
CROSS JOIN ref_ascof v
LEFT JOIN ref_age_band ab
  ON pp.Age_At_End BETWEEN ab.Lowest_Age AND ab.Highest_Age
-- adults and people of unknown age (counted in the total, DHSC's 'Unknown' group)
WHERE pp.Age_At_End IS NULL OR pp.Age_At_End >= 18
GROUP BY pp.LA_Code, pp.Der_Person_ID, pp.Top_Hierarchy, pp.Age_At_End, ab.Age_Band,
         pd.Gender, pd.Ethnicity_Grouped, pd.Primary_Support_Reason;
