-- Step 5: cleaning, Release 1 -> Release 2, groupings and the person.
-- Follows: DHSC Stored_procedures/create_GetDerivedFields_procedure.sql (the mapping joins, person ID,
-- groupings, event outcome hierarchy and the unique event reference) and
-- Main_tables/docs/methodology/5-data-cleaning.md.
--
-- Each coded field is joined with ref_value_map (Field_Name, Raw_Value, Cleaned_Value): DHSC's mapping
-- tables (Ethnicity_Raw -> Ethnicity_Cleaned and so on), one row for every value the files hold, which
-- pipeline.build_main writes by asking carecommons.rules.cld.clean about each: a Release 2 value maps
-- to itself (in its own capitals), a Release 1 value to its Release 2 value, anything else in a field
-- with a complete list to 'Invalid and not mapped'. Only the fields with a complete Release 2 list in
-- rules.cld.VALUE_LISTS are joined (a test checks the two agree); the others keep what was sent, as
-- rules.cld.clean does. A blank stays blank.
--
-- Der_Person_ID: the NHS number when given, else the council's person identifier prefixed by the
-- council's code (DHSC: traced NHS number, else LA-provided NHS number, else LA_Code + '_' + LA person
-- ID). A row with neither is left out.
-- Der_Birth_Date: the first of the month of birth (DHSC holds only year and month).
-- Der_Unique_Event_Key: DHSC's "unique event" (6-deduplication.md step 1, joined submissions): council,
-- person, start date, client type, event type, and: derived end date (requests, assessments, reviews),
-- route of access (requests), assessment type (assessments), service type and component (services).
-- Raw values, as DHSC uses, except the person and the derived end date; compared without regard to case,
-- as DHSC's SQL Server compares them (so "Service User" in an older file and "Service user" in a newer one
-- are one event).

DROP TABLE IF EXISTS events_derived;
CREATE TABLE events_derived AS
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
  e.Autism_Spectrum_Disorder_ASD AS Autism_Spectrum_Disorder_ASD,
  e.Visual_Impairment AS Visual_Impairment,
  e.Hearing_Impairment AS Hearing_Impairment,
  e.Dementia AS Dementia,
  COALESCE(m_cfs.Cleaned_Value, e.Client_Funding_Status) AS Client_Funding_Status,
  COALESCE(m_et.Cleaned_Value, e.Event_Type) AS Event_Type,
  e.Event_Reference,
  e.Event_Start_Date,
  e.Event_End_Date,
  e.Event_Description,
  COALESCE(m_eo.Cleaned_Value, e.Event_Outcome) AS Event_Outcome,
  e.Request_Route_of_Access AS Request_Route_of_Access,
  e.Assessment_Type AS Assessment_Type,
  e.Eligible_Needs_Identified AS Eligible_Needs_Identified,
  e.Method_of_Assessment AS Method_of_Assessment,
  e.Total_Hrs_Caring_per_week AS Total_Hrs_Caring_per_week,
  e.No_of_adults_being_cared_for,
  e.Adult_1_Linked_Person_ID,
  e.Adult_2_Linked_Person_ID,
  e.Adult_3_Linked_Person_ID,
  COALESCE(m_st.Cleaned_Value, e.Service_Type) AS Service_Type,
  e.Service_Component AS Service_Component,
  COALESCE(m_dm.Cleaned_Value, e.Delivery_Mechanism) AS Delivery_Mechanism,
  e.Provider_CQC_Location_ID,
  e.Review_Reason AS Review_Reason,
  e.Review_Outcomes_Achieved AS Review_Outcomes_Achieved,
  e.Method_of_Review AS Method_of_Review,
  e.Unit_Cost,
  e.Cost_Frequency_Unit_Type AS Cost_Frequency_Unit_Type,
  e.Planned_units_per_week,
  e.Der_Source_File,
  e.Der_Line,
  e.Der_Load_Order,
  e.Der_Record_ID,
  e.Ref_Period_Start_Date,
  e.Ref_Period_End_Date,
  e.Der_Event_End_Date,
  e.Der_Is_Service,
  COALESCE(e.NHS_Number, COALESCE(e.LA_Code, '') || '_' || e.LA_Person_Unique_Identifier) AS Der_Person_ID,
  CAST(date_trunc('month', e.Date_of_Birth) AS DATE) AS Der_Birth_Date,
  CASE WHEN LOWER(e.Event_Description) LIKE '%' || c.Conversation_Word || '%' THEN 1 ELSE 0 END AS Der_Conversation,
  COALESCE(e.LA_Code, '')
    || '|' || COALESCE(e.NHS_Number, COALESCE(e.LA_Code, '') || '_' || e.LA_Person_Unique_Identifier)
    || '|' || COALESCE(CAST(e.Event_Start_Date AS VARCHAR), '')
    || '|' || LOWER(COALESCE(e.Client_Type, ''))
    || '|' || LOWER(COALESCE(e.Event_Type, ''))
    || '|' || CASE WHEN e.Der_Is_Service THEN '' ELSE COALESCE(CAST(e.Der_Event_End_Date AS VARCHAR), '') END
    || '|' || CASE WHEN LOWER(e.Event_Type) LIKE '%request%' THEN LOWER(COALESCE(e.Request_Route_of_Access, '')) ELSE '' END
    || '|' || CASE WHEN LOWER(e.Event_Type) LIKE '%assessment%' THEN LOWER(COALESCE(e.Assessment_Type, '')) ELSE '' END
    || '|' || CASE WHEN e.Der_Is_Service THEN LOWER(COALESCE(e.Service_Type, '') || '|' || COALESCE(e.Service_Component, '')) ELSE '|' END
    AS Der_Unique_Event_Key,
  -- the groupings and the outcome hierarchy read the cleaned values (ref_grouping, ref_event_outcome from
  -- carecommons/rules/cld.py: DHSC's tables in 5-data-cleaning.md and 6-deduplication.md)
  ge.Grouped_Value AS Ethnicity_Grouped,
  gs.Grouped_Value AS Service_Type_Grouped,
  go.Grouped_Value AS Event_Outcome_Grouped,
  eo.Hierarchy AS Event_Outcome_Hierarchy
FROM events_in_period e
CROSS JOIN ref_conversation c
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
  ON go.Field_Name = 'Event_Outcome' AND go.Cleaned_Value = COALESCE(m_eo.Cleaned_Value, e.Event_Outcome)
LEFT JOIN ref_event_outcome eo
  ON eo.Event_Outcome = COALESCE(m_eo.Cleaned_Value, e.Event_Outcome)
WHERE COALESCE(e.NHS_Number, e.LA_Person_Unique_Identifier) IS NOT NULL;

DROP VIEW IF EXISTS events_in_period;
