-- Step 4: the events each selected submission contributes to its reference period.
-- Follows: DHSC Stored_procedures/create_FilterToEventsInPeriod_procedure.sql and
-- Main_tables/docs/methodology/4-event-filtering.md.
--
-- Der_Event_End_Date: the date of death when it falls between the event's start and end, or after
-- its start when the event has no end (the event cannot go on after death).
-- Requests, assessments and reviews: started by the end of the reference period and (derived) ended
-- within it. Services: started by the end of the reference period and ended on or after its start, or
-- not ended. Anyone who died before the reference period, or before the event started, is left out.
-- Rows with no start date fall out here, as in DHSC's.

-- A view: step 5 reads it once, so it is never stored.
DROP VIEW IF EXISTS events_in_period;
CREATE VIEW events_in_period AS
WITH joined AS (
  SELECT
    t.*,
    s.Ref_Period_Start_Date,
    s.Ref_Period_End_Date,
    CASE
      WHEN (t.Date_of_Death BETWEEN t.Event_Start_Date AND t.Event_End_Date)
        OR (t.Date_of_Death > t.Event_Start_Date AND t.Event_End_Date IS NULL) THEN t.Date_of_Death
      ELSE t.Event_End_Date
    END AS Der_Event_End_Date,
    (LOWER(t.Event_Type) LIKE '%service%') AS Der_Is_Service
  FROM cld_typed t
  JOIN selected_submissions s
    ON s.LA_Code IS NOT DISTINCT FROM t.LA_Code AND s.Der_Load_Order = t.Der_Load_Order
)
SELECT *
FROM joined
WHERE Event_Start_Date <= Ref_Period_End_Date
  AND (
    (NOT Der_Is_Service AND Der_Event_End_Date BETWEEN Ref_Period_Start_Date AND Ref_Period_End_Date)
    OR (Der_Is_Service AND (Der_Event_End_Date >= Ref_Period_Start_Date OR Der_Event_End_Date IS NULL))
  )
  AND (Date_of_Death IS NULL OR (Date_of_Death >= Ref_Period_Start_Date AND Date_of_Death >= Event_Start_Date));
