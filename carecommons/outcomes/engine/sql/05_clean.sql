-- Step 5: cleaning, Release 1 -> Release 2, groupings and the person.
-- Follows: DHSC Stored_procedures/create_GetDerivedFields_procedure.sql (the mapping joins, person ID,
-- groupings, event outcome hierarchy and the unique event reference) and
-- Main_tables/docs/methodology/5-data-cleaning.md.
--
-- Each coded field is joined with ref_value_map (Field_Name, Raw_Value, Cleaned_Value): DHSC's mapping
-- tables (Ethnicity_Raw -> Ethnicity_Cleaned and so on), one row for every value the files hold, which
-- pipeline.build_main writes by asking carecommons.rules.cld.clean about each: a Release 2 value maps
-- to itself (in its own capitals), a Release 1 value to its Release 2 value, anything else in a field
-- with a complete list to 'Invalid and not mapped'; a field with no complete list keeps what was sent.
-- A blank stays blank.
--
-- Der_Person_ID: the NHS number when given, else the council's person identifier prefixed by the
-- council's code (DHSC: traced NHS number, else LA-provided NHS number, else LA_Code + '_' + LA person
-- ID). A row with neither is left out.
-- Der_Birth_Date: the first of the month of birth (DHSC holds only year and month).
-- Der_Unique_Event_Key: DHSC's "unique event" (6-deduplication.md step 1, joined submissions): council,
-- person, start date, client type, event type, and: derived end date (requests, assessments, reviews),
-- route of access (requests), assessment type (assessments), service type and component (services).
-- Raw values, as DHSC uses, except the person and the derived end date.

-- A view: read once, by events_derived below, the one table this step makes.
DROP VIEW IF EXISTS events_cleaned;
CREATE VIEW events_cleaned AS
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
  COALESCE(m_asda.Cleaned_Value, e.Autism_Spectrum_Disorder_ASD) AS Autism_Spectrum_Disorder_ASD,
  COALESCE(m_vi.Cleaned_Value, e.Visual_Impairment) AS Visual_Impairment,
  COALESCE(m_hi.Cleaned_Value, e.Hearing_Impairment) AS Hearing_Impairment,
  COALESCE(m_d.Cleaned_Value, e.Dementia) AS Dementia,
  COALESCE(m_cfs.Cleaned_Value, e.Client_Funding_Status) AS Client_Funding_Status,
  COALESCE(m_et.Cleaned_Value, e.Event_Type) AS Event_Type,
  e.Event_Reference,
  e.Event_Start_Date,
  e.Event_End_Date,
  e.Event_Description,
  COALESCE(m_eo.Cleaned_Value, e.Event_Outcome) AS Event_Outcome,
  COALESCE(m_rroa.Cleaned_Value, e.Request_Route_of_Access) AS Request_Route_of_Access,
  COALESCE(m_at.Cleaned_Value, e.Assessment_Type) AS Assessment_Type,
  COALESCE(m_eni.Cleaned_Value, e.Eligible_Needs_Identified) AS Eligible_Needs_Identified,
  COALESCE(m_moa.Cleaned_Value, e.Method_of_Assessment) AS Method_of_Assessment,
  COALESCE(m_thcpw.Cleaned_Value, e.Total_Hrs_Caring_per_week) AS Total_Hrs_Caring_per_week,
  e.No_of_adults_being_cared_for,
  e.Adult_1_Linked_Person_ID,
  e.Adult_2_Linked_Person_ID,
  e.Adult_3_Linked_Person_ID,
  COALESCE(m_st.Cleaned_Value, e.Service_Type) AS Service_Type,
  COALESCE(m_sc.Cleaned_Value, e.Service_Component) AS Service_Component,
  COALESCE(m_dm.Cleaned_Value, e.Delivery_Mechanism) AS Delivery_Mechanism,
  e.Provider_CQC_Location_ID,
  COALESCE(m_rr.Cleaned_Value, e.Review_Reason) AS Review_Reason,
  COALESCE(m_roa.Cleaned_Value, e.Review_Outcomes_Achieved) AS Review_Outcomes_Achieved,
  COALESCE(m_mor.Cleaned_Value, e.Method_of_Review) AS Method_of_Review,
  e.Unit_Cost,
  COALESCE(m_cfut.Cleaned_Value, e.Cost_Frequency_Unit_Type) AS Cost_Frequency_Unit_Type,
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
    || '|' || COALESCE(e.Client_Type, '')
    || '|' || COALESCE(e.Event_Type, '')
    || '|' || CASE WHEN e.Der_Is_Service THEN '' ELSE COALESCE(CAST(e.Der_Event_End_Date AS VARCHAR), '') END
    || '|' || CASE WHEN LOWER(e.Event_Type) LIKE '%request%' THEN COALESCE(e.Request_Route_of_Access, '') ELSE '' END
    || '|' || CASE WHEN LOWER(e.Event_Type) LIKE '%assessment%' THEN COALESCE(e.Assessment_Type, '') ELSE '' END
    || '|' || CASE WHEN e.Der_Is_Service THEN COALESCE(e.Service_Type, '') || '|' || COALESCE(e.Service_Component, '') ELSE '|' END
    AS Der_Unique_Event_Key
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
LEFT JOIN ref_value_map m_asda
  ON m_asda.Field_Name = 'Autism_Spectrum_Disorder_ASD' AND m_asda.Raw_Value = e.Autism_Spectrum_Disorder_ASD
LEFT JOIN ref_value_map m_vi
  ON m_vi.Field_Name = 'Visual_Impairment' AND m_vi.Raw_Value = e.Visual_Impairment
LEFT JOIN ref_value_map m_hi
  ON m_hi.Field_Name = 'Hearing_Impairment' AND m_hi.Raw_Value = e.Hearing_Impairment
LEFT JOIN ref_value_map m_d
  ON m_d.Field_Name = 'Dementia' AND m_d.Raw_Value = e.Dementia
LEFT JOIN ref_value_map m_cfs
  ON m_cfs.Field_Name = 'Client_Funding_Status' AND m_cfs.Raw_Value = e.Client_Funding_Status
LEFT JOIN ref_value_map m_et
  ON m_et.Field_Name = 'Event_Type' AND m_et.Raw_Value = e.Event_Type
LEFT JOIN ref_value_map m_eo
  ON m_eo.Field_Name = 'Event_Outcome' AND m_eo.Raw_Value = e.Event_Outcome
LEFT JOIN ref_value_map m_rroa
  ON m_rroa.Field_Name = 'Request_Route_of_Access' AND m_rroa.Raw_Value = e.Request_Route_of_Access
LEFT JOIN ref_value_map m_at
  ON m_at.Field_Name = 'Assessment_Type' AND m_at.Raw_Value = e.Assessment_Type
LEFT JOIN ref_value_map m_eni
  ON m_eni.Field_Name = 'Eligible_Needs_Identified' AND m_eni.Raw_Value = e.Eligible_Needs_Identified
LEFT JOIN ref_value_map m_moa
  ON m_moa.Field_Name = 'Method_of_Assessment' AND m_moa.Raw_Value = e.Method_of_Assessment
LEFT JOIN ref_value_map m_thcpw
  ON m_thcpw.Field_Name = 'Total_Hrs_Caring_per_week' AND m_thcpw.Raw_Value = e.Total_Hrs_Caring_per_week
LEFT JOIN ref_value_map m_st
  ON m_st.Field_Name = 'Service_Type' AND m_st.Raw_Value = e.Service_Type
LEFT JOIN ref_value_map m_sc
  ON m_sc.Field_Name = 'Service_Component' AND m_sc.Raw_Value = e.Service_Component
LEFT JOIN ref_value_map m_dm
  ON m_dm.Field_Name = 'Delivery_Mechanism' AND m_dm.Raw_Value = e.Delivery_Mechanism
LEFT JOIN ref_value_map m_rr
  ON m_rr.Field_Name = 'Review_Reason' AND m_rr.Raw_Value = e.Review_Reason
LEFT JOIN ref_value_map m_roa
  ON m_roa.Field_Name = 'Review_Outcomes_Achieved' AND m_roa.Raw_Value = e.Review_Outcomes_Achieved
LEFT JOIN ref_value_map m_mor
  ON m_mor.Field_Name = 'Method_of_Review' AND m_mor.Raw_Value = e.Method_of_Review
LEFT JOIN ref_value_map m_cfut
  ON m_cfut.Field_Name = 'Cost_Frequency_Unit_Type' AND m_cfut.Raw_Value = e.Cost_Frequency_Unit_Type
WHERE COALESCE(e.NHS_Number, e.LA_Person_Unique_Identifier) IS NOT NULL;

-- The groupings and the outcome hierarchy read the cleaned values (ref_grouping, ref_event_outcome
-- from carecommons/rules: DHSC's tables in 5-data-cleaning.md and 6-deduplication.md).
DROP TABLE IF EXISTS events_derived;
CREATE TABLE events_derived AS
SELECT
  e.*,
  ge.Grouped_Value AS Ethnicity_Grouped,
  gs.Grouped_Value AS Service_Type_Grouped,
  go.Grouped_Value AS Event_Outcome_Grouped,
  eo.Hierarchy AS Event_Outcome_Hierarchy
FROM events_cleaned e
LEFT JOIN ref_grouping ge ON ge.Field_Name = 'Ethnicity' AND ge.Cleaned_Value = e.Ethnicity
LEFT JOIN ref_grouping gs ON gs.Field_Name = 'Service_Type' AND gs.Cleaned_Value = e.Service_Type
LEFT JOIN ref_grouping go ON go.Field_Name = 'Event_Outcome' AND go.Cleaned_Value = e.Event_Outcome
LEFT JOIN ref_event_outcome eo ON eo.Event_Outcome = e.Event_Outcome;

-- The views it was made through are dropped (memory at national scale: only events_derived is kept).
DROP VIEW IF EXISTS events_cleaned;
DROP VIEW IF EXISTS events_in_period;
