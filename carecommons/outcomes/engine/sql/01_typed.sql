-- Step 1: the loaded rows with their dates and numbers read.
-- Follows: DHSC's CLD_Raw table, which holds dates as DATE (the AGEM pipeline reads them).
-- Every column arrives as text (pipeline.load); a date that is not YYYY-MM-DD, or a number that is not
-- a number, becomes blank (NULL) here instead of stopping the run. cld_check reports them by line.
-- TRY_CAST: DuckDB, Trino, Spark and SQL Server; BigQuery's SAFE_CAST.
-- Der_Record_ID stands for DHSC's Der_Unique_Record_ID: later files, then later lines, are higher.

DROP VIEW IF EXISTS cld_typed;
CREATE VIEW cld_typed AS
SELECT
  LA_Code,
  TRY_CAST(Reporting_Period_Start_Date AS DATE) AS Reporting_Period_Start_Date,
  TRY_CAST(Reporting_Period_End_Date AS DATE) AS Reporting_Period_End_Date,
  LA_Person_Unique_Identifier,
  NHS_Number,
  GP_Practice_Code,
  Gender,
  Ethnicity,
  TRY_CAST(Date_of_Birth AS DATE) AS Date_of_Birth,
  TRY_CAST(Date_of_Death AS DATE) AS Date_of_Death,
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
  TRY_CAST(Event_Start_Date AS DATE) AS Event_Start_Date,
  TRY_CAST(Event_End_Date AS DATE) AS Event_End_Date,
  Event_Description,
  Event_Outcome,
  Request_Route_of_Access,
  Assessment_Type,
  Eligible_Needs_Identified,
  Method_of_Assessment,
  Total_Hrs_Caring_per_week,
  TRY_CAST(No_of_adults_being_cared_for AS DOUBLE) AS No_of_adults_being_cared_for,
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
  TRY_CAST(Unit_Cost AS DOUBLE) AS Unit_Cost,
  Cost_Frequency_Unit_Type,
  TRY_CAST(Planned_units_per_week AS DOUBLE) AS Planned_units_per_week,
  Der_Source_File,
  Der_Line,
  Der_Load_Order,
  CAST(Der_Load_Order AS BIGINT) * 1000000000 + Der_Line AS Der_Record_ID
FROM cld_raw;
