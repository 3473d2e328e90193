-- Step 3: the submission that covers each quarter ("reference period").
-- Follows: DHSC Stored_procedures/create_GetSubmissions_procedure.sql (with 'Derived' periods) and
-- Main_tables/create_main_table_for_period.sql steps 1 and 2; 3-submission-selection.md.
--
-- For each council and each quarter in ref_quarters (written by pipeline.build_main: three-month
-- steps from the reporting year's start, over the whole history the files cover), take
-- the latest submission whose derived reporting period covers the whole quarter. "Latest": the one
-- whose stated reporting period ends latest, then the one given later (a CLD file carries no
-- submission date; see carecommons/rules/ascof.py).
-- A submission chosen for several quarters gets one reference period from the first quarter's start to
-- the last quarter's end, as DHSC's step 2 does (MIN start, MAX end per file).

DROP TABLE IF EXISTS selected_submissions;
CREATE TABLE selected_submissions AS
WITH candidates AS (
  SELECT
    s.LA_Code,
    s.Der_Load_Order,
    q.Ref_Quarter_Start,
    q.Ref_Quarter_End,
    ROW_NUMBER() OVER (
      PARTITION BY s.LA_Code, q.Ref_Quarter_Start
      ORDER BY s.Stated_End_Date DESC NULLS LAST, s.Der_Load_Order DESC
    ) AS Submission_Rank
  FROM submission_periods s
  JOIN ref_quarters q
    ON s.Der_Reporting_Period_Start_Date <= q.Ref_Quarter_Start
   AND s.Der_Reporting_Period_End_Date >= q.Ref_Quarter_End
)
SELECT
  LA_Code,
  Der_Load_Order,
  MIN(Ref_Quarter_Start) AS Ref_Period_Start_Date,
  MAX(Ref_Quarter_End) AS Ref_Period_End_Date,
  COUNT(*) AS Quarters_Covered
FROM candidates
WHERE Submission_Rank = 1
GROUP BY LA_Code, Der_Load_Order;
