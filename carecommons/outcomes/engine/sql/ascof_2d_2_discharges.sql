-- ASCOF 2D, step 2 of 4: discharges from hospital (SUS), DHSC's part 2 denominator.
-- Follows DHSC's Create_ASCOF_2D.sql, stage 2 ("Create table of all discharges").
-- Reads: sus_raw (the SUS file as given, every column text), st2d_long_term, st_params, st_values.
-- DHSC also maps each patient's LSOA to an upper-tier council to report by area and keep England only;
-- one council's SUS extract holds that council's residents, so that mapping is not applied here.

-- The SUS rows, typed. Age is whole years at discharge from the 1st of the month of birth, FLOOR(days / 365.25).
CREATE OR REPLACE TEMP TABLE st2d_sus AS
SELECT
  trim(Der_DHSC_Pseudo_NHS_Number) AS Person_ID,
  trim(APCS_Ident) AS APCS_Ident,
  TRY_CAST(Admission_Date AS DATE) AS Admission_Date,
  TRY_CAST(Discharge_Date AS DATE) AS Discharge_Date,
  trim(Admission_Method) AS Admission_Method,
  trim(Discharge_Method) AS Discharge_Method,
  trim(Discharge_Destination) AS Discharge_Destination,
  trim(Treatment_Function_Code) AS Treatment_Function_Code,
  trim(APCS_Last_Ep_Ind) AS APCS_Last_Ep_Ind,
  trim(Der_Management_Type) AS Der_Management_Type,
  TRY_CAST(Year_of_Birth_SUS AS INTEGER) AS Birth_Year,
  TRY_CAST(Month_of_Birth_SUS AS INTEGER) AS Birth_Month,
  CASE trim(Sex) WHEN '1' THEN 'Male' WHEN '2' THEN 'Female' WHEN '9' THEN 'Not specified' WHEN '0' THEN 'Not known'
                 ELSE trim(Sex) END AS Gender
FROM sus_raw
WHERE NULLIF(trim(Der_DHSC_Pseudo_NHS_Number), '') IS NOT NULL;

CREATE OR REPLACE TEMP TABLE st2d_discharges AS
WITH aged AS (
  SELECT s.*,
         CAST(floor(date_diff('day',
                             CAST(CAST(s.Birth_Year AS VARCHAR) || '-' || lpad(CAST(s.Birth_Month AS VARCHAR), 2, '0') || '-01' AS DATE),
                             s.Discharge_Date) / 365.25) AS INTEGER)
           AS Age_At_Discharge
  FROM st2d_sus AS s
  WHERE s.Birth_Year IS NOT NULL AND s.Birth_Month BETWEEN 1 AND 12
)
SELECT DISTINCT
  a.Person_ID, a.APCS_Ident, a.Admission_Date, a.Discharge_Date, a.Age_At_Discharge, a.Gender,
  CASE WHEN a.Age_At_Discharge <= 74 THEN '65-74' WHEN a.Age_At_Discharge <= 84 THEN '75-84' ELSE '85+' END AS Age_Band,
  -- DHSC's cohort: in long-term community support when admitted, or in no long-term support
  CASE WHEN EXISTS (
         SELECT 1 FROM st2d_long_term AS l
         WHERE l.Der_Person_ID = a.Person_ID AND l.Service_Type = 'Long term support: Community'
           AND a.Admission_Date BETWEEN l.Event_Start_Date AND l.End_Date)
       THEN 'Those in LT community support' ELSE 'Those not in any LTS' END AS Cohort
FROM aged AS a
CROSS JOIN st_params AS p
WHERE a.Age_At_Discharge >= p.minimum_age_2d                                          -- aged 65 and over
  AND a.Admission_Method NOT IN (SELECT value FROM st_values WHERE list_name = 'sus_admission_methods_excluded')
  AND a.Discharge_Method NOT IN (SELECT value FROM st_values WHERE list_name = 'sus_discharge_methods_excluded')
  AND a.Discharge_Destination NOT IN (SELECT value FROM st_values WHERE list_name = 'sus_destinations_excluded')
  AND a.Treatment_Function_Code NOT IN (SELECT value FROM st_values WHERE list_name = 'sus_treatment_functions_excluded')
  AND NOT EXISTS (SELECT 1 FROM st_values AS v                                         -- acute care only
                  WHERE v.list_name = 'sus_treatment_prefixes_excluded' AND starts_with(a.Treatment_Function_Code, v.value))
  AND a.Admission_Date >= p.cld_first_date
  AND a.Admission_Date < a.Discharge_Date
  AND a.Discharge_Date BETWEEN p.period_start AND p.period_end                        -- discharged in the year
  AND a.APCS_Last_Ep_Ind = '1'                                                        -- the episode that ends the stay
  -- not in a care home or prison (long-term support) when admitted
  AND NOT EXISTS (
    SELECT 1 FROM st2d_long_term AS l
    WHERE l.Der_Person_ID = a.Person_ID
      AND l.Service_Type IN (SELECT value FROM st_values WHERE list_name = 'excluded_at_admission')
      AND a.Admission_Date BETWEEN l.Event_Start_Date AND l.End_Date);
