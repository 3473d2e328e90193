-- ASCOF 2D, step 3 of 4: discharges into reablement (DHSC's part 2 numerator and part 1 denominator).
-- Follows DHSC's Create_ASCOF_2D.sql, stage 3 ("Link reablement to SUS hospital discharges").
-- A discharge links to an episode of reablement of the same person (pseudonymised NHS number) when it was
-- from 7 days before to 3 days after the reablement started, and the admission was no later than that
-- start. When several discharges link to one episode, the latest is kept.
CREATE OR REPLACE TEMP TABLE st2d_linked AS
WITH pairs AS (
  SELECT d.*, e.Episode_ID, e.LA_Code, e.Episode_Start, e.Episode_End, e.Date_of_Death
  FROM st2d_discharges AS d
  JOIN st2d_episodes AS e ON e.Der_Person_ID = d.Person_ID
  CROSS JOIN st_params AS p
  WHERE d.Discharge_Date >= e.Episode_Start - INTERVAL '1' DAY * p.discharge_before_days
    AND d.Discharge_Date <= e.Episode_Start + INTERVAL '1' DAY * p.discharge_after_days
    AND d.Admission_Date <= e.Episode_Start
)
SELECT *
FROM (
  SELECT pairs.*,
         ROW_NUMBER() OVER (PARTITION BY Episode_ID ORDER BY Discharge_Date DESC, APCS_Ident) AS rn
  FROM pairs
) AS latest
WHERE rn = 1;
