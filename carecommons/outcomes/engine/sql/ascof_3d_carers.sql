-- ASCOF 3D, parts 1b and 2b: of the unpaid carers who had support of their own in the period (a direct
-- payment, a council-managed personal budget or commissioned support), the proportion receiving
-- self-directed support (1b: direct payment or managed budget) and a direct payment (2b).
-- Follows: DHSC ASCOF_measures/Create_ASCOF_3D_2425_Onwards.sql, "Carer based measures".
-- Reads: cld_main, person_details, ascof_period, ref_ascof, ref_carer_client_type, ref_carer_support
-- (the support hierarchy from carecommons/rules/ascof.py), ref_age_band.
-- Writes: ascof_3d_carer_people, one row a carer with the support they are counted under.

DROP TABLE IF EXISTS ascof_3d_carer_people;
CREATE TABLE ascof_3d_carer_people AS
WITH carer_events AS (
  -- Carers' events in the period, of carers alive at its start: their own services (direct, or involving
  -- the person they care for), their assessments and reviews, and requests ending in information and advice.
  SELECT
    m.LA_Code,
    m.Der_Person_ID,
    m.Event_Type,
    m.Service_Type,
    m.Service_Component,
    m.Delivery_Mechanism,
    COALESCE(m.Event_Outcome, 'Invalid and not mapped') AS Event_Outcome,
    CASE WHEN pd.Der_Birth_Date IS NULL THEN NULL
         ELSE CAST(FLOOR(date_diff('day', pd.Der_Birth_Date, p.Period_End) / 365.25) AS INTEGER) END AS Age_At_End
  FROM cld_main m
  JOIN person_details pd
    ON pd.LA_Code IS NOT DISTINCT FROM m.LA_Code AND pd.Der_Person_ID = m.Der_Person_ID
  JOIN ref_carer_client_type ct
    ON ct.Client_Type = m.Client_Type
  CROSS JOIN ascof_period p
  CROSS JOIN ref_ascof v
  WHERE m.Event_Start_Date IS NOT NULL
    AND m.Event_Start_Date <= p.Period_End
    AND (m.Der_Event_End_Date >= p.Period_Start OR m.Der_Event_End_Date IS NULL)
    AND (m.Der_Event_End_Date >= m.Event_Start_Date OR m.Der_Event_End_Date IS NULL)
    AND (pd.Date_of_Death >= p.Period_Start OR pd.Date_of_Death IS NULL)
    AND (
      (m.Service_Type IS NULL AND m.Event_Outcome = v.Information_Outcome)
      OR m.Service_Type IN (v.Carer_Direct, v.Carer_With_Cared_For)
      OR (m.Event_Type IN (v.Assessment, v.Review) AND m.Service_Type IS NULL)
    )
),
support AS (
  -- What each event gave the carer. A blank component is "not a direct payment" (DHSC's NOT LIKE on a
  -- blank is unknown, which drops the row by accident; rules: ascof.py).
  SELECT
    e.*,
    CASE
      WHEN e.Service_Type = v.Carer_Direct
       AND (e.Delivery_Mechanism = v.Direct_Payment OR e.Service_Component = v.Direct_Payment)
        THEN s.Direct_Payment_Only
      WHEN e.Service_Type = v.Carer_Direct AND e.Delivery_Mechanism = v.Managed_Budget
        THEN s.Managed_Budget
      WHEN e.Service_Type = v.Carer_Direct AND e.Delivery_Mechanism = v.Commissioned
        THEN s.Commissioned_Only
      WHEN e.Service_Type = v.Carer_Direct
        THEN s.Unknown_Mechanism
      WHEN e.Service_Type = v.Carer_With_Cared_For
        THEN s.No_Direct_Support
      WHEN e.Event_Type IN (v.Assessment, v.Review) AND e.Event_Outcome <> v.Information_Outcome
        THEN s.No_Direct_Support
      WHEN e.Event_Type IN (v.Assessment, v.Review)
        THEN s.Information
      WHEN e.Event_Type = v.Request
        THEN s.Information
    END AS Support_Provided
  FROM carer_events e
  CROSS JOIN ref_ascof v
  CROSS JOIN ref_carer_support_names s
),
ranked AS (
  SELECT s.*, h.Hierarchy
  FROM support s
  JOIN ref_carer_support h ON h.Support_Provided = s.Support_Provided
),
per_person AS (
  -- Each carer once, under their most direct support; where birth dates disagree the youngest age is
  -- taken (DHSC: MIN age, as the cared-for person's may have been given).
  SELECT LA_Code, Der_Person_ID, MIN(Hierarchy) AS Top_Hierarchy, MIN(Age_At_End) AS Age_At_End
  FROM ranked
  GROUP BY LA_Code, Der_Person_ID
)
SELECT
  pp.LA_Code,
  pp.Der_Person_ID,
  h.Support_Provided,
  pp.Age_At_End,
  CASE WHEN pp.Age_At_End IS NULL THEN 'Unknown'
       WHEN pp.Age_At_End BETWEEN 18 AND 64 THEN '18 to 64' ELSE '65 and above' END AS Working_Age_Band,
  COALESCE(ab.Age_Band, 'Unknown') AS Age_Band,
  pd.Gender,
  pd.Ethnicity_Grouped,
  pd.Primary_Support_Reason,
  CASE WHEN h.Support_Provided IN (s.Direct_Payment_Only, s.Managed_Budget, s.Commissioned_Only) THEN 1 ELSE 0 END AS In_Denominator,
  CASE WHEN h.Support_Provided IN (s.Direct_Payment_Only, s.Managed_Budget) THEN 1 ELSE 0 END AS Self_Directed,
  CASE WHEN h.Support_Provided = s.Direct_Payment_Only THEN 1 ELSE 0 END AS Direct_Payment
FROM per_person pp
JOIN ref_carer_support h ON h.Hierarchy = pp.Top_Hierarchy
JOIN person_details pd
  ON pd.LA_Code IS NOT DISTINCT FROM pp.LA_Code AND pd.Der_Person_ID = pp.Der_Person_ID
CROSS JOIN ref_carer_support_names s
LEFT JOIN ref_age_band ab
  ON pp.Age_At_End BETWEEN ab.Lowest_Age AND ab.Highest_Age
-- adults and carers of unknown age (in the total only)
WHERE pp.Age_At_End IS NULL OR pp.Age_At_End >= 18;
