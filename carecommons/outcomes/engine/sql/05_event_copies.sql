-- Step 5: each copy of each event, on the few columns that say which event it is and which copy to keep.
-- Follows: DHSC Stored_procedures/create_GetDerivedFields_procedure.sql (the person ID, the event outcome
-- hierarchy and the unique event reference) and Main_tables/docs/methodology/6-deduplication.md step 1.
--
-- A council sends the same event in several quarterly submissions; most copies are thrown away in step 7.
-- So this step keeps only what steps 6 and 7 need to choose between copies (a narrow table), and the
-- cleaning of every field (5-data-cleaning.md) is done in step 7 on the copy kept, not on every copy. The
-- result is the same: DHSC's unique event is made of raw values, and the one cleaned value the choice
-- reads, the event outcome's place in DHSC's hierarchy, is looked up from the raw outcome here.
--
-- Der_Person_ID: the NHS number when given, else the council's person identifier prefixed by the
-- council's code (DHSC: traced NHS number, else LA-provided NHS number, else LA_Code + '_' + LA person
-- ID). A row with neither is left out.
-- The unique event (6-deduplication.md step 1, joined submissions), one column each (Key_*): council,
-- person, start date, client type, event type, and: derived end date (requests, assessments, reviews),
-- route of access (requests), assessment type (assessments), service type and component (services).
-- Raw values, as DHSC uses, except the person and the derived end date; compared without regard to case,
-- as DHSC's SQL Server compares them (so "Service User" in an older file and "Service user" in a newer one
-- are one event). A column that does not apply to the event is blank, and blank matches blank.
-- Der_Conversation: the event's description holds Care Commons' word for a conversation (ref_conversation).

DROP TABLE IF EXISTS ref_outcome_rank;
CREATE TABLE ref_outcome_rank AS
-- each outcome value the files hold, raw, with the place of its cleaned value in DHSC's hierarchy
SELECT m.Raw_Value, eo.Hierarchy
FROM ref_value_map m
JOIN ref_event_outcome eo
  ON eo.Event_Outcome = m.Cleaned_Value
WHERE m.Field_Name = 'Event_Outcome';

DROP TABLE IF EXISTS event_copies;
CREATE TABLE event_copies AS
SELECT
  e.Der_Record_ID,
  e.LA_Code,
  COALESCE(e.NHS_Number, COALESCE(e.LA_Code, '') || '_' || e.LA_Person_Unique_Identifier) AS Der_Person_ID,
  e.Event_Start_Date,
  LOWER(e.Client_Type) AS Key_Client_Type,
  LOWER(e.Event_Type) AS Key_Event_Type,
  CASE WHEN e.Der_Is_Service THEN NULL ELSE e.Der_Event_End_Date END AS Key_End_Date,
  CASE WHEN LOWER(e.Event_Type) LIKE '%request%' THEN LOWER(e.Request_Route_of_Access) END AS Key_Route,
  CASE WHEN LOWER(e.Event_Type) LIKE '%assessment%' THEN LOWER(e.Assessment_Type) END AS Key_Assessment_Type,
  CASE WHEN e.Der_Is_Service THEN LOWER(e.Service_Type) END AS Key_Service_Type,
  CASE WHEN e.Der_Is_Service THEN LOWER(e.Service_Component) END AS Key_Service_Component,
  e.Der_Is_Service,
  e.Der_Event_End_Date,
  e.Ref_Period_Start_Date,
  e.Ref_Period_End_Date,
  r.Hierarchy AS Event_Outcome_Hierarchy,
  CASE WHEN LOWER(e.Event_Description) LIKE '%' || c.Conversation_Word || '%' THEN 1 ELSE 0 END AS Der_Conversation
FROM events_in_period e
CROSS JOIN ref_conversation c
LEFT JOIN ref_outcome_rank r
  ON r.Raw_Value = e.Event_Outcome
WHERE COALESCE(e.NHS_Number, e.LA_Person_Unique_Identifier) IS NOT NULL;

DROP VIEW IF EXISTS events_in_period;
