-- Step 7: one row for each unique event, cleaned: the main table, cld_main.
-- Follows: DHSC Stored_procedures/create_GetUniqueEvents_procedure.sql (@Submissions = 'Joined') and
-- Main_tables/docs/methodology/6-deduplication.md step 3; the cleaning follows
-- Stored_procedures/create_GetDerivedFields_procedure.sql (the mapping joins and groupings) and
-- Main_tables/docs/methodology/5-data-cleaning.md.
--
-- Of the copies of one unique event (the Key_* columns of step 5), keep the one:
--   1. from the latest reference period,
--   2. with no end date, else the latest (derived, cropped) end date,
--   3. whose outcome comes first in DHSC's hierarchy (ref_event_outcome; none last),
--   4. flagged as a conversation,
--   5. sent last (Der_Record_ID: later file, then later line).
-- No copy is stitched from several (DHSC: "no hybrid records").
-- DHSC ranks the copies with ROW_NUMBER() over the unique event; here each unique event's highest ROW of the
-- five keys is taken (MAX of a ROW compares field by field, so each key is written to sort highest first:
-- no end date as 1, an outcome's place negated, none as -999). Der_Record_ID is unique, so the copy is the one
-- the ranking keeps, and the fields after it only ride along. The same copy, by a grouping rather than a
-- sort of every copy (docs/performance.md: a quarter less work).
-- DHSC drops the cost columns from the joined table; Care Commons keeps the kept copy's, so that the
-- columns are those of a CLD file, and no measure here reads them.
--
-- The kept copy is then read whole from the files and cleaned. Each coded field is joined with
-- ref_value_map (Field_Name, Raw_Value, Cleaned_Value): DHSC's mapping tables (Ethnicity_Raw ->
-- Ethnicity_Cleaned and so on), one row for every value the files hold, which pipeline.build_main writes
-- by asking carecommons.rules.cld.clean about each: a Release 2 value maps to itself (in its own capitals),
-- a Release 1 value to its Release 2 value, anything else in a field with a complete list to 'Invalid and
-- not mapped'. Only the fields with a complete Release 2 list in rules.cld.VALUE_LISTS are joined (a test
-- checks the two agree); the others keep what was sent, as rules.cld.clean does. A blank stays blank.
-- Der_Birth_Date: the first of the month of birth (DHSC holds only year and month).
--
-- cld_main_all is a view: pipeline.build_main stores the columns wanted as the table cld_main (every column
-- when the table itself is wanted, as `ascof --parquet-out` writes it; only the columns the measures read
-- when only the measures are, which at national size is most of the time saved). The view reads the kept
-- copies' rows from the files again: only the columns asked for are read, and a cleaning join whose column
-- is not asked for is left out by DuckDB.

DROP TABLE IF EXISTS kept_copies;
CREATE TABLE kept_copies AS
WITH copies AS (
  SELECT *, CASE WHEN Der_Cropped = 1 THEN Ref_Period_End_Date ELSE Der_Event_End_Date END AS Der_Event_End_Date_Cropped
  FROM copies_cropped
),
tops AS (
  SELECT
    Der_Person_ID,
    MAX(ROW(
      Ref_Period_End_Date,
      CASE WHEN Der_Event_End_Date_Cropped IS NULL THEN 1 ELSE 0 END,
      COALESCE(Der_Event_End_Date_Cropped, DATE '0001-01-01'),
      -COALESCE(Event_Outcome_Hierarchy, 999),
      Der_Conversation,
      Der_Record_ID,
      Der_Cropped,
      Der_Event_End_Date_Cropped,
      Event_Outcome_Hierarchy,
      Ref_Period_Start_Date
    )) AS Top
  FROM copies
  GROUP BY LA_Code, Der_Person_ID, Event_Start_Date, Key_Client_Type, Key_Event_Type, Key_End_Date,
           Key_Route, Key_Assessment_Type, Key_Service_Type, Key_Service_Component
)
SELECT
  Top[6] AS Der_Record_ID,
  Der_Person_ID,
  Top[7] AS Der_Cropped,
  Top[8] AS Der_Event_End_Date_Cropped,
  Top[9] AS Event_Outcome_Hierarchy,
  Top[5] AS Der_Conversation,
  Top[10] AS Ref_Period_Start_Date,
  Top[1] AS Ref_Period_End_Date
FROM tops;

DROP VIEW IF EXISTS copies_cropped;
DROP TABLE IF EXISTS event_copies;

DROP VIEW IF EXISTS cld_main_all;
CREATE VIEW cld_main_all AS
SELECT
  e.LA_Code,
  e.Reporting_Period_Start_Date,
  e.Reporting_Period_End_Date,
  e.LA_Person_Unique_Identifier,
  e.NHS_Number,
  e.GP_Practice_Code,
  COALESCE(m_g.Cleaned_Value, e.Gender) AS Gender,
  COALESCE(m_e.Cleaned_Value, e.Ethnicity) AS Ethnicity,
  e.Date_of_Birth,
  e.Date_of_Death,
  COALESCE(m_ct.Cleaned_Value, e.Client_Type) AS Client_Type,
  COALESCE(m_psr.Cleaned_Value, e.Primary_Support_Reason) AS Primary_Support_Reason,
  e.Postcode,
  COALESCE(m_as.Cleaned_Value, e.Accommodation_Status) AS Accommodation_Status,
  COALESCE(m_es.Cleaned_Value, e.Employment_Status) AS Employment_Status,
  COALESCE(m_huc.Cleaned_Value, e.Has_Unpaid_Carer) AS Has_Unpaid_Carer,
  e.Autism_Spectrum_Disorder_ASD,
  e.Visual_Impairment,
  e.Hearing_Impairment,
  e.Dementia,
  COALESCE(m_cfs.Cleaned_Value, e.Client_Funding_Status) AS Client_Funding_Status,
  COALESCE(m_et.Cleaned_Value, e.Event_Type) AS Event_Type,
  e.Event_Reference,
  e.Event_Start_Date,
  e.Event_End_Date,
  e.Event_Description,
  COALESCE(m_eo.Cleaned_Value, e.Event_Outcome) AS Event_Outcome,
  e.Request_Route_of_Access,
  e.Assessment_Type,
  e.Eligible_Needs_Identified,
  e.Method_of_Assessment,
  e.Total_Hrs_Caring_per_week,
  e.No_of_adults_being_cared_for,
  e.Adult_1_Linked_Person_ID,
  e.Adult_2_Linked_Person_ID,
  e.Adult_3_Linked_Person_ID,
  COALESCE(m_st.Cleaned_Value, e.Service_Type) AS Service_Type,
  e.Service_Component,
  COALESCE(m_dm.Cleaned_Value, e.Delivery_Mechanism) AS Delivery_Mechanism,
  e.Provider_CQC_Location_ID,
  e.Review_Reason,
  e.Review_Outcomes_Achieved,
  e.Method_of_Review,
  e.Unit_Cost,
  e.Cost_Frequency_Unit_Type,
  e.Planned_units_per_week,
  k.Der_Person_ID,
  k.Der_Event_End_Date_Cropped AS Der_Event_End_Date,
  k.Der_Cropped,
  CAST(date_trunc('month', e.Date_of_Birth) AS DATE) AS Der_Birth_Date,
  -- the groupings read the cleaned values (ref_grouping from carecommons/rules/cld.py: DHSC's tables in
  -- 5-data-cleaning.md and 6-deduplication.md)
  ge.Grouped_Value AS Ethnicity_Grouped,
  gs.Grouped_Value AS Service_Type_Grouped,
  go.Grouped_Value AS Event_Outcome_Grouped,
  k.Event_Outcome_Hierarchy,
  k.Der_Conversation,
  k.Ref_Period_Start_Date,
  k.Ref_Period_End_Date,
  e.Der_Source_File,
  e.Der_Line,
  e.Der_Record_ID
FROM kept_copies k
JOIN cld_typed e
  ON e.Der_Record_ID = k.Der_Record_ID
LEFT JOIN ref_value_map m_g
  ON m_g.Field_Name = 'Gender' AND m_g.Raw_Value = e.Gender
LEFT JOIN ref_value_map m_e
  ON m_e.Field_Name = 'Ethnicity' AND m_e.Raw_Value = e.Ethnicity
LEFT JOIN ref_value_map m_ct
  ON m_ct.Field_Name = 'Client_Type' AND m_ct.Raw_Value = e.Client_Type
LEFT JOIN ref_value_map m_psr
  ON m_psr.Field_Name = 'Primary_Support_Reason' AND m_psr.Raw_Value = e.Primary_Support_Reason
LEFT JOIN ref_value_map m_as
  ON m_as.Field_Name = 'Accommodation_Status' AND m_as.Raw_Value = e.Accommodation_Status
LEFT JOIN ref_value_map m_es
  ON m_es.Field_Name = 'Employment_Status' AND m_es.Raw_Value = e.Employment_Status
LEFT JOIN ref_value_map m_huc
  ON m_huc.Field_Name = 'Has_Unpaid_Carer' AND m_huc.Raw_Value = e.Has_Unpaid_Carer
LEFT JOIN ref_value_map m_cfs
  ON m_cfs.Field_Name = 'Client_Funding_Status' AND m_cfs.Raw_Value = e.Client_Funding_Status
LEFT JOIN ref_value_map m_et
  ON m_et.Field_Name = 'Event_Type' AND m_et.Raw_Value = e.Event_Type
LEFT JOIN ref_value_map m_eo
  ON m_eo.Field_Name = 'Event_Outcome' AND m_eo.Raw_Value = e.Event_Outcome
LEFT JOIN ref_value_map m_st
  ON m_st.Field_Name = 'Service_Type' AND m_st.Raw_Value = e.Service_Type
LEFT JOIN ref_value_map m_dm
  ON m_dm.Field_Name = 'Delivery_Mechanism' AND m_dm.Raw_Value = e.Delivery_Mechanism
LEFT JOIN ref_grouping ge
  ON ge.Field_Name = 'Ethnicity' AND ge.Cleaned_Value = COALESCE(m_e.Cleaned_Value, e.Ethnicity)
LEFT JOIN ref_grouping gs
  ON gs.Field_Name = 'Service_Type' AND gs.Cleaned_Value = COALESCE(m_st.Cleaned_Value, e.Service_Type)
LEFT JOIN ref_grouping go
  ON go.Field_Name = 'Event_Outcome' AND go.Cleaned_Value = COALESCE(m_eo.Cleaned_Value, e.Event_Outcome);
