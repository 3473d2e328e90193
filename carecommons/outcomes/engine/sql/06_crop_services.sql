-- Step 6: closing services that seem to run on past a reference period but are not seen in the next.
-- Follows: DHSC Stored_procedures/create_GetDerivedFields_procedure.sql ("Close services with missing or
-- incorrect end dates") and Main_tables/docs/methodology/6-deduplication.md step 2.
--
-- A service still open at the end of its reference period (no end date, or one after the period) should
-- be sent again in the submission for the next period. If the same unique event is not there, its end
-- date is taken to be missing or wrong and is set to the end of the reference period ("cropped").
-- The council's last reference period has no next one, so its open services stay open.
-- (A service that is found in the next period keeps both copies here; step 7 keeps the later one.)

DROP TABLE IF EXISTS events_cropped;
CREATE TABLE events_cropped AS
WITH last_periods AS (
  SELECT LA_Code, MAX(Ref_Period_Start_Date) AS Last_Ref_Period_Start_Date
  FROM events_derived
  GROUP BY LA_Code
),
in_next_period AS (
  SELECT DISTINCT
    e.Der_Record_ID
  FROM events_derived e
  JOIN events_derived n
    ON n.Der_Unique_Event_Key = e.Der_Unique_Event_Key
   AND n.Ref_Period_Start_Date = CAST(e.Ref_Period_End_Date + INTERVAL '1' DAY AS DATE)
  WHERE e.Der_Is_Service AND n.Der_Is_Service
),
flagged AS (
  SELECT
    e.*,
    CASE
      WHEN e.Der_Is_Service
       AND e.Ref_Period_Start_Date < l.Last_Ref_Period_Start_Date
       AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date > e.Ref_Period_End_Date)
       AND i.Der_Record_ID IS NULL
      THEN 1 ELSE 0
    END AS Der_Cropped
  FROM events_derived e
  JOIN last_periods l
    ON l.LA_Code IS NOT DISTINCT FROM e.LA_Code
  LEFT JOIN in_next_period i
    ON i.Der_Record_ID = e.Der_Record_ID
)
-- Cropping changes the derived end date only; the date sent stays in Event_End_Date.
SELECT
  *,
  CASE WHEN Der_Cropped = 1 THEN Ref_Period_End_Date ELSE Der_Event_End_Date END AS Der_Event_End_Date_Cropped
FROM flagged;

DROP TABLE IF EXISTS events_derived;
