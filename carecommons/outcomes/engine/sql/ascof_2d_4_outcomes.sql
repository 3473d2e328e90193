-- ASCOF 2D, step 4 of 4: still at home 12 weeks (84 days) after discharge (DHSC's part 1 numerator).
-- Follows DHSC's Create_ASCOF_2D.sql, stage 4 ("Identify outcomes"). Not at home means any of:
--   died from the day of discharge to 84 days after it;
--   an emergency readmission to hospital after the discharge (and after reablement started), up to 84 days;
--   long-term residential or nursing care starting from the day of discharge to 84 days after it.

-- Emergency admissions in SUS (DHSC's #Readmissions_Data).
CREATE OR REPLACE TEMP TABLE st2d_readmissions AS
SELECT s.Person_ID, s.Admission_Date
FROM st2d_sus AS s
CROSS JOIN st_params AS p
WHERE s.Admission_Date < s.Discharge_Date
  AND s.Der_Management_Type IN (SELECT value FROM st_values WHERE list_name = 'sus_emergency_management_types')
  AND s.Discharge_Method NOT IN (SELECT value FROM st_values WHERE list_name = 'sus_readmission_discharge_methods_excluded')
  AND s.APCS_Last_Ep_Ind = '1'
  AND s.Admission_Date >= p.period_start;

CREATE OR REPLACE TEMP TABLE st2d_result AS
SELECT
  l.*,
  pd.Ethnicity_Grouped,
  pd.Primary_Support_Reason,
  CASE WHEN l.Date_of_Death IS NOT NULL
        AND l.Date_of_Death >= l.Discharge_Date
        AND l.Date_of_Death <= l.Discharge_Date + INTERVAL '1' DAY * p.follow_up_days
       THEN 1 ELSE 0 END AS Died,
  CASE WHEN EXISTS (
         SELECT 1 FROM st2d_readmissions AS r
         WHERE r.Person_ID = l.Person_ID
           AND r.Admission_Date > l.Episode_Start
           AND r.Admission_Date > l.Discharge_Date
           AND r.Admission_Date <= l.Discharge_Date + INTERVAL '1' DAY * p.follow_up_days)
       THEN 1 ELSE 0 END AS Readmitted,
  CASE WHEN EXISTS (
         SELECT 1 FROM st2d_long_term AS c
         WHERE c.Der_Person_ID = l.Person_ID
           AND c.Service_Type IN (SELECT value FROM st_values WHERE list_name = 'care_home_services')
           AND c.Event_Start_Date >= l.Discharge_Date
           AND c.Event_Start_Date <= l.Discharge_Date + INTERVAL '1' DAY * p.follow_up_days)
       THEN 1 ELSE 0 END AS Moved_To_Care_Home
FROM st2d_linked AS l
CROSS JOIN st_params AS p
LEFT JOIN person_details AS pd ON pd.Der_Person_ID = l.Person_ID;
