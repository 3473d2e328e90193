-- Step 6: closing services that seem to run on past a reference period but are not seen in the next.
-- Follows: DHSC Stored_procedures/create_GetDerivedFields_procedure.sql ("Close services with missing or
-- incorrect end dates") and Main_tables/docs/methodology/6-deduplication.md step 2.
--
-- A service still open at the end of its reference period (no end date, or one after the period) should
-- be sent again in the submission for the next period. If the same unique event is not there, its end
-- date is taken to be missing or wrong and is set to the end of the reference period ("cropped").
-- The council's last reference period has no next one, so its open services stay open.
-- (A service that is found in the next period keeps both copies here; step 7 keeps the later one.)
-- The same unique event: every Key_* column of step 5 the same (blank matching blank).

-- A view over event_copies: 07_unique_events.sql reads it once (nothing copied here).
DROP VIEW IF EXISTS copies_cropped;
CREATE VIEW copies_cropped AS
WITH last_periods AS (
  SELECT LA_Code, MAX(Ref_Period_Start_Date) AS Last_Ref_Period_Start_Date
  FROM event_copies
  GROUP BY LA_Code
),
services AS (
  SELECT * FROM event_copies WHERE Der_Is_Service
),
in_next_period AS (
  SELECT DISTINCT
    e.Der_Record_ID
  FROM services e
  JOIN services n
    ON n.Der_Person_ID = e.Der_Person_ID
   AND n.Event_Start_Date = e.Event_Start_Date
   AND n.Ref_Period_Start_Date = CAST(e.Ref_Period_End_Date + INTERVAL '1' DAY AS DATE)
   AND n.LA_Code IS NOT DISTINCT FROM e.LA_Code
   AND n.Key_Client_Type IS NOT DISTINCT FROM e.Key_Client_Type
   AND n.Key_Event_Type IS NOT DISTINCT FROM e.Key_Event_Type
   AND n.Key_End_Date IS NOT DISTINCT FROM e.Key_End_Date
   AND n.Key_Route IS NOT DISTINCT FROM e.Key_Route
   AND n.Key_Assessment_Type IS NOT DISTINCT FROM e.Key_Assessment_Type
   AND n.Key_Service_Type IS NOT DISTINCT FROM e.Key_Service_Type
   AND n.Key_Service_Component IS NOT DISTINCT FROM e.Key_Service_Component
)
-- Cropping changes the derived end date only; the date sent stays in Event_End_Date.
SELECT
  e.*,
  CASE
    WHEN e.Der_Is_Service
     AND e.Ref_Period_Start_Date < l.Last_Ref_Period_Start_Date
     AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date > e.Ref_Period_End_Date)
     AND i.Der_Record_ID IS NULL
    THEN 1 ELSE 0
  END AS Der_Cropped
FROM event_copies e
JOIN last_periods l
  ON l.LA_Code IS NOT DISTINCT FROM e.LA_Code
LEFT JOIN in_next_period i
  ON i.Der_Record_ID = e.Der_Record_ID;
