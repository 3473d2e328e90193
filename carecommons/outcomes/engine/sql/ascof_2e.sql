-- ASCOF 2E: the proportion of people who receive long-term support who live in their own home or with
-- family, aged 18 to 64 and aged 65 and over (all primary support reasons: DHSC's "Part 2").
-- Follows: DHSC ASCOF_measures/Create_ASCOF_2E_2425_Onwards.sql with @LD_Filter = 0.
-- Reads: cld_main, person_details, ascof_period, ref_ascof, ref_accommodation_at_home, ref_age_band.
-- Writes: ascof_2e_people, one row a person in the denominator, At_Home = 1 for the numerator.

DROP TABLE IF EXISTS ascof_2e_people;
CREATE TABLE ascof_2e_people AS
WITH long_term AS (
  -- People (not carers) with long-term support (any setting) at some time in the period. An end date
  -- before the start is a data error and the row is left out, as DHSC does.
  SELECT
    m.LA_Code,
    m.Der_Person_ID,
    -- the end of the service, or the end of the period if it runs on (or has no end date)
    CASE WHEN m.Der_Event_End_Date IS NULL OR m.Der_Event_End_Date >= p.Period_End THEN p.Period_End
         ELSE m.Der_Event_End_Date END AS Capped_End_Date
  FROM cld_main m
  CROSS JOIN ascof_period p
  CROSS JOIN ref_ascof v
  WHERE m.Client_Type = v.Service_User
    AND m.Event_Type = v.Service
    AND m.Service_Type IN (v.Nursing, v.Residential, v.Community, v.Prison)
    AND m.Event_Start_Date IS NOT NULL
    AND (m.Der_Event_End_Date >= m.Event_Start_Date OR m.Der_Event_End_Date IS NULL)
    AND m.Event_Start_Date <= p.Period_End
    AND (m.Der_Event_End_Date >= p.Period_Start OR m.Der_Event_End_Date IS NULL)
),
per_person AS (
  -- Age is taken at the end of the person's latest long-term service in the period (or the period's end).
  SELECT LA_Code, Der_Person_ID, MAX(Capped_End_Date) AS Person_Capped_End_Date
  FROM long_term
  GROUP BY LA_Code, Der_Person_ID
),
aged AS (
  SELECT
    pp.LA_Code,
    pp.Der_Person_ID,
    pd.Gender,
    pd.Ethnicity_Grouped,
    pd.Primary_Support_Reason,
    pd.Accommodation_Status,
    CASE WHEN pd.Der_Birth_Date IS NULL THEN NULL
         ELSE CAST(FLOOR(date_diff('day', pd.Der_Birth_Date, pp.Person_Capped_End_Date) / 365.25) AS INTEGER)
    END AS Person_Age
  FROM per_person pp
  JOIN person_details pd
    ON pd.LA_Code IS NOT DISTINCT FROM pp.LA_Code AND pd.Der_Person_ID = pp.Der_Person_ID
  CROSS JOIN ascof_period p
  -- not those who died before the period began
  WHERE (pd.Date_of_Death >= p.Period_Start OR pd.Date_of_Death IS NULL)
)
SELECT
  a.LA_Code,
  a.Der_Person_ID,
  -- DHSC's bands for 2E: an unknown age is in neither part (nor is an age of 0, which DHSC's
  -- "BETWEEN 1 AND 17" leaves as unknown and its ">= 18" filter then drops).
  CASE WHEN a.Person_Age BETWEEN 18 AND 64 THEN '18 to 64' ELSE '65 and above' END AS Working_Age_Band,
  a.Person_Age,
  COALESCE(ab.Age_Band, 'Unknown') AS Age_Band,
  a.Gender,
  a.Ethnicity_Grouped,
  a.Primary_Support_Reason,
  a.Accommodation_Status,
  CASE WHEN h.Accommodation_Status IS NULL THEN 0 ELSE 1 END AS At_Home
FROM aged a
LEFT JOIN ref_accommodation_at_home h
  ON LOWER(h.Accommodation_Status) = LOWER(a.Accommodation_Status)
LEFT JOIN ref_age_band ab
  ON a.Person_Age BETWEEN ab.Lowest_Age AND ab.Highest_Age
WHERE a.Person_Age >= 18;
