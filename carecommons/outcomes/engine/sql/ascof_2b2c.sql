-- ASCOF 2B and 2C: adults whose long-term support needs are met by admission to a residential or
-- nursing care home, aged 18 to 64 (2B) and 65 and over (2C), per 100,000 of the population.
-- Follows: DHSC ASCOF_measures/Create_ASCOF_2B2C_2425_Onwards.sql.
-- Reads: cld_main, person_details, ascof_period (Period_Start, Period_End), ref_ascof (the Release 2
-- values, spelled as carecommons/rules/cld.py spells them), ref_age_band.
-- Writes: ascof_2b2c_people, one row a person newly admitted in the period, with their age band.
-- The rate (numerator / population x 100,000) is worked out in engine/ascof_2b2c.py.

DROP TABLE IF EXISTS ascof_2b2c_care_homes;
CREATE TABLE ascof_2b2c_care_homes AS
-- 1. Long-term residential and nursing services of people (not carers) whose birth date is known and who
--    had not died before the period. A component must say residential or nursing (or be blank), and
--    must not say short (a short stay). DHSC's SQL drops blank components by accident (NULL NOT LIKE is
--    unknown); Care Commons keeps them, as the script's own comment intends (rules: ascof.py).
SELECT
  m.LA_Code,
  m.Der_Person_ID,
  m.Event_Start_Date,
  m.Der_Event_End_Date,
  m.Event_Outcome,
  pd.Der_Birth_Date,
  CAST(FLOOR(date_diff('day', pd.Der_Birth_Date, m.Event_Start_Date) / 365.25) AS INTEGER) AS Age_At_Start
FROM cld_main m
JOIN person_details pd
  ON pd.LA_Code IS NOT DISTINCT FROM m.LA_Code AND pd.Der_Person_ID = m.Der_Person_ID
CROSS JOIN ascof_period p
CROSS JOIN ref_ascof v
WHERE m.Event_Type = v.Service
  AND m.Client_Type = v.Service_User
  AND m.Service_Type IN (v.Residential, v.Nursing)
  AND pd.Der_Birth_Date IS NOT NULL
  AND (pd.Date_of_Death >= p.Period_Start OR pd.Date_of_Death IS NULL)
  AND (m.Service_Component IS NULL
       OR LOWER(m.Service_Component) LIKE '%residential%'
       OR LOWER(m.Service_Component) LIKE '%nursing%')
  AND (m.Service_Component IS NULL OR LOWER(m.Service_Component) NOT LIKE '%short%');

DROP TABLE IF EXISTS ascof_2b2c_people;
CREATE TABLE ascof_2b2c_people AS
WITH admissions AS (
  -- 2. Admissions: such services starting within the period, unless they ended because the person went
  --    on to pay for themselves.
  SELECT DISTINCT c.LA_Code, c.Der_Person_ID, c.Event_Start_Date, c.Age_At_Start
  FROM ascof_2b2c_care_homes c
  CROSS JOIN ascof_period p
  CROSS JOIN ref_ascof v
  WHERE c.Event_Start_Date BETWEEN p.Period_Start AND p.Period_End
    AND (c.Event_Outcome IS NULL OR c.Event_Outcome <> v.Self_Funded_Outcome)
),
new_admissions AS (
  -- 3. New: no care-home service (of any outcome) started before it and ended fewer than 365 days
  --    before it started, or had not ended.
  SELECT a.*
  FROM admissions a
  WHERE NOT EXISTS (
    SELECT 1
    FROM ascof_2b2c_care_homes b
    WHERE b.LA_Code IS NOT DISTINCT FROM a.LA_Code
      AND b.Der_Person_ID = a.Der_Person_ID
      AND b.Event_Start_Date < a.Event_Start_Date
      AND (b.Der_Event_End_Date IS NULL OR date_diff('day', b.Der_Event_End_Date, a.Event_Start_Date) < 365)
  )
),
per_person AS (
  -- 4. Each person once, adults only; someone with new admissions in both bands counts in 18 to 64
  --    (DHSC: MIN of the band names).
  SELECT
    LA_Code,
    Der_Person_ID,
    MIN(CASE WHEN Age_At_Start BETWEEN 18 AND 64 THEN '18 to 64' ELSE '65 and above' END) AS Working_Age_Band,
    MIN(Age_At_Start) AS Age_At_Admission,
    MIN(Event_Start_Date) AS First_Admission_Date
  FROM new_admissions
  WHERE Age_At_Start >= 18
  GROUP BY LA_Code, Der_Person_ID
)
SELECT
  pp.LA_Code,
  pp.Der_Person_ID,
  pp.Working_Age_Band,
  pp.First_Admission_Date,
  pp.Age_At_Admission,
  COALESCE(ab.Age_Band, 'Unknown') AS Age_Band,
  pd.Gender,
  pd.Ethnicity_Grouped,
  pd.Primary_Support_Reason
FROM per_person pp
JOIN person_details pd
  ON pd.LA_Code IS NOT DISTINCT FROM pp.LA_Code AND pd.Der_Person_ID = pp.Der_Person_ID
LEFT JOIN ref_age_band ab
  ON pp.Age_At_Admission BETWEEN ab.Lowest_Age AND ab.Highest_Age;

DROP TABLE IF EXISTS ascof_2b2c_care_homes;
