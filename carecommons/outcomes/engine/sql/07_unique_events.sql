-- Step 7: one row for each unique event: the main table, cld_main.
-- Follows: DHSC Stored_procedures/create_GetUniqueEvents_procedure.sql (@Submissions = 'Joined') and
-- Main_tables/docs/methodology/6-deduplication.md step 3.
--
-- Of the copies of one unique event (Der_Unique_Event_Key, step 5), keep the one:
--   1. from the latest reference period,
--   2. with no end date, else the latest (derived, cropped) end date,
--   3. whose outcome comes first in DHSC's hierarchy (ref_event_outcome; none last),
--   4. flagged as a conversation,
--   5. sent last (Der_Record_ID: later file, then later line).
-- No copy is stitched from several (DHSC: "no hybrid records").
-- DHSC drops the cost columns from the joined table; Care Commons keeps the kept copy's, so that the
-- columns are those of a CLD file, and no measure here reads them.

DROP TABLE IF EXISTS cld_main;
CREATE TABLE cld_main AS
WITH ranked AS (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY Der_Unique_Event_Key
      ORDER BY
        Ref_Period_End_Date DESC,
        CASE WHEN Der_Event_End_Date_Cropped IS NULL THEN 0 ELSE 1 END,
        Der_Event_End_Date_Cropped DESC,
        COALESCE(Event_Outcome_Hierarchy, 999),
        Der_Conversation DESC,
        Der_Record_ID DESC
    ) AS Record_Rank
  FROM events_cropped
)
SELECT
  LA_Code,
  Reporting_Period_Start_Date,
  Reporting_Period_End_Date,
  LA_Person_Unique_Identifier,
  NHS_Number,
  GP_Practice_Code,
  Gender,
  Ethnicity,
  Date_of_Birth,
  Date_of_Death,
  Client_Type,
  Primary_Support_Reason,
  Postcode,
  Accommodation_Status,
  Employment_Status,
  Has_Unpaid_Carer,
  Autism_Spectrum_Disorder_ASD,
  Visual_Impairment,
  Hearing_Impairment,
  Dementia,
  Client_Funding_Status,
  Event_Type,
  Event_Reference,
  Event_Start_Date,
  Event_End_Date,
  Event_Description,
  Event_Outcome,
  Request_Route_of_Access,
  Assessment_Type,
  Eligible_Needs_Identified,
  Method_of_Assessment,
  Total_Hrs_Caring_per_week,
  No_of_adults_being_cared_for,
  Adult_1_Linked_Person_ID,
  Adult_2_Linked_Person_ID,
  Adult_3_Linked_Person_ID,
  Service_Type,
  Service_Component,
  Delivery_Mechanism,
  Provider_CQC_Location_ID,
  Review_Reason,
  Review_Outcomes_Achieved,
  Method_of_Review,
  Unit_Cost,
  Cost_Frequency_Unit_Type,
  Planned_units_per_week,
  Der_Person_ID,
  Der_Event_End_Date_Cropped AS Der_Event_End_Date,
  Der_Cropped,
  Der_Birth_Date,
  Ethnicity_Grouped,
  Service_Type_Grouped,
  Event_Outcome_Grouped,
  Event_Outcome_Hierarchy,
  Der_Conversation,
  Ref_Period_Start_Date,
  Ref_Period_End_Date,
  Der_Unique_Event_Key,
  Der_Source_File,
  Der_Line,
  Der_Record_ID
FROM ranked
WHERE Record_Rank = 1;

DROP TABLE IF EXISTS events_cropped;
