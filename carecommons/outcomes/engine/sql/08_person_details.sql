-- Step 8: one row a person with their latest details: person_details.
-- Follows: DHSC ASCOF_measures/Create_personal_details_table.sql (run over the whole joined table).
--
-- For each detail, the person's rows are ordered: a known value first, then the latest reference period,
-- then the latest end date (no end date counts as latest), then the latest start date. When the rows
-- tied first disagree, the detail is unknown (DHSC: "conflicting ... overwritten to Unknown").
--   Gender: 'Unknown' and invalid values are unknown.
--   Ethnicity: invalid is 'No data: Undeclared or not known'; known values come before 'No data: Refused',
--     which comes before 'No data: Undeclared or not known'.
--   Primary support reason: unknown, invalid and 'Social support: Support to unpaid carer' come last.
--   Accommodation status: unknown and invalid come last. When the latest is unknown, the person's latest
--     service may say where they live (ref_accommodation_from_service, from carecommons/rules/ascof.py).
--   Birth date: a known one, from the latest reference period, the earliest if they still differ.
--   Date of death: a known one, from the latest reference period, the latest if they still differ.

DROP TABLE IF EXISTS person_rows;
CREATE TABLE person_rows AS
SELECT
  LA_Code,
  Der_Person_ID,
  Ref_Period_End_Date,
  COALESCE(Der_Event_End_Date, DATE '9999-01-01') AS Sort_End_Date,
  Event_Start_Date,
  Event_Type,
  Service_Type,
  Service_Component,
  Der_Birth_Date,
  Date_of_Death,
  CASE WHEN Gender IS NULL OR Gender IN (SELECT Value FROM ref_unknown_values) THEN 'Unknown' ELSE Gender END AS Gender,
  CASE WHEN Gender IS NULL OR Gender IN (SELECT Value FROM ref_unknown_values) THEN 0 ELSE 1 END AS Gender_Known,
  CASE WHEN Ethnicity IS NULL OR Ethnicity = 'Invalid and not mapped' THEN 'No data: Undeclared or not known'
       ELSE Ethnicity END AS Ethnicity,
  CASE WHEN Ethnicity IS NULL OR Ethnicity IN ('Invalid and not mapped', 'No data: Undeclared or not known') THEN 0
       WHEN Ethnicity = 'No data: Refused' THEN 1
       ELSE 2 END AS Ethnicity_Known,
  CASE WHEN Primary_Support_Reason IS NULL OR Primary_Support_Reason = 'Invalid and not mapped' THEN 'Unknown'
       ELSE Primary_Support_Reason END AS Primary_Support_Reason,
  CASE WHEN Primary_Support_Reason IS NULL OR Primary_Support_Reason IN (SELECT Value FROM ref_unknown_values)
         OR Primary_Support_Reason = 'Social support: Support to unpaid carer' THEN 0 ELSE 1 END AS Primary_Support_Reason_Known,
  CASE WHEN Accommodation_Status IS NULL OR Accommodation_Status IN (SELECT Value FROM ref_unknown_values) THEN 'Unknown'
       ELSE Accommodation_Status END AS Accommodation_Status,
  CASE WHEN Accommodation_Status IS NULL OR Accommodation_Status IN (SELECT Value FROM ref_unknown_values) THEN 0
       ELSE 1 END AS Accommodation_Known
FROM cld_main;

-- Each person's first rows for each detail are found by aggregates, not by sorting their rows: the highest
-- (known, reference period end, end date, start date) of each detail, as a ROW compared field by field, then
-- the details on the rows that have it (two hash aggregations over person_rows instead of a sort for each
-- detail). ROW(...) comparison: DuckDB, Trino and PostgreSQL; Spark's struct(...).
-- When the rows tied first disagree (their lowest and highest values differ), the detail is unknown.
DROP TABLE IF EXISTS person_firsts;
CREATE TABLE person_firsts AS
WITH person_tops AS (
  SELECT
    LA_Code,
    Der_Person_ID,
    MAX(ROW(Gender_Known, Ref_Period_End_Date, Sort_End_Date, Event_Start_Date)) AS Gender_Top,
    MAX(ROW(Ethnicity_Known, Ref_Period_End_Date, Sort_End_Date, Event_Start_Date)) AS Ethnicity_Top,
    MAX(ROW(Primary_Support_Reason_Known, Ref_Period_End_Date, Sort_End_Date, Event_Start_Date)) AS Psr_Top,
    MAX(ROW(Accommodation_Known, Ref_Period_End_Date, Sort_End_Date, Event_Start_Date)) AS Accommodation_Top,
    MAX(CASE WHEN Der_Birth_Date IS NOT NULL THEN Ref_Period_End_Date END) AS Birth_Ref_Period_End_Date,
    MAX(CASE WHEN Date_of_Death IS NOT NULL THEN Ref_Period_End_Date END) AS Death_Ref_Period_End_Date
  FROM person_rows
  GROUP BY LA_Code, Der_Person_ID
),
tops AS (
  SELECT
    r.LA_Code,
    r.Der_Person_ID,
    CASE WHEN ROW(r.Gender_Known, r.Ref_Period_End_Date, r.Sort_End_Date, r.Event_Start_Date) = t.Gender_Top
         THEN r.Gender END AS Gender,
    CASE WHEN ROW(r.Ethnicity_Known, r.Ref_Period_End_Date, r.Sort_End_Date, r.Event_Start_Date) = t.Ethnicity_Top
         THEN r.Ethnicity END AS Ethnicity,
    CASE WHEN ROW(r.Primary_Support_Reason_Known, r.Ref_Period_End_Date, r.Sort_End_Date, r.Event_Start_Date) = t.Psr_Top
         THEN r.Primary_Support_Reason END AS Primary_Support_Reason,
    CASE WHEN ROW(r.Accommodation_Known, r.Ref_Period_End_Date, r.Sort_End_Date, r.Event_Start_Date) = t.Accommodation_Top
         THEN r.Accommodation_Status END AS Accommodation_Status,
    CASE WHEN r.Ref_Period_End_Date = t.Birth_Ref_Period_End_Date THEN r.Der_Birth_Date END AS Der_Birth_Date,
    CASE WHEN r.Ref_Period_End_Date = t.Death_Ref_Period_End_Date THEN r.Date_of_Death END AS Date_of_Death
  FROM person_rows r
  JOIN person_tops t
    ON t.LA_Code IS NOT DISTINCT FROM r.LA_Code AND t.Der_Person_ID = r.Der_Person_ID
)
SELECT
  LA_Code,
  Der_Person_ID,
  CASE WHEN MIN(Gender) <> MAX(Gender) THEN 'Unknown' ELSE MAX(Gender) END AS Gender,
  CASE WHEN MIN(Ethnicity) <> MAX(Ethnicity) THEN 'No data: Undeclared or not known' ELSE MAX(Ethnicity) END AS Ethnicity,
  CASE WHEN MIN(Primary_Support_Reason) <> MAX(Primary_Support_Reason) THEN 'Unknown'
       ELSE MAX(Primary_Support_Reason) END AS Primary_Support_Reason,
  CASE WHEN MIN(Accommodation_Status) <> MAX(Accommodation_Status) THEN 'Unknown'
       ELSE MAX(Accommodation_Status) END AS Accommodation_Status,
  MIN(Der_Birth_Date) AS Der_Birth_Date,
  MAX(Date_of_Death) AS Date_of_Death
FROM tops
GROUP BY LA_Code, Der_Person_ID;

DROP TABLE IF EXISTS person_details;
CREATE TABLE person_details AS
WITH accommodation AS (
  SELECT LA_Code, Der_Person_ID, Accommodation_Status FROM person_firsts
),
-- Where the latest accommodation status is unknown: the person's latest services (latest end, then the
-- service type highest in ref_service_type_rank, then a component that tells where they live, then the
-- latest start). Among services tied first, a service type or component is used only if just one is.
latest_services AS (
  SELECT
    r.LA_Code, r.Der_Person_ID,
    st.Service_Type AS Useful_Service_Type,
    tc.Component AS Useful_Component,
    DENSE_RANK() OVER (PARTITION BY r.LA_Code, r.Der_Person_ID
                       ORDER BY r.Sort_End_Date DESC, COALESCE(st.Service_Type_Rank, 99),
                                CASE WHEN tc.Component IS NULL THEN 0 ELSE 1 END DESC, r.Event_Start_Date DESC) AS Rn
  FROM person_rows r
  JOIN accommodation a
    ON a.LA_Code IS NOT DISTINCT FROM r.LA_Code AND a.Der_Person_ID = r.Der_Person_ID
  LEFT JOIN ref_service_type_rank st ON st.Service_Type = r.Service_Type
  LEFT JOIN ref_telling_component tc ON tc.Component = r.Service_Component
  WHERE a.Accommodation_Status = 'Unknown' AND r.Event_Type = 'Service'
),
latest_service AS (
  SELECT LA_Code, Der_Person_ID,
    CASE WHEN COUNT(DISTINCT Useful_Service_Type) = 1 THEN MAX(Useful_Service_Type) END AS Service_Type,
    CASE WHEN COUNT(DISTINCT Useful_Component) = 1 THEN MAX(Useful_Component) END AS Service_Component
  FROM latest_services WHERE Rn = 1 GROUP BY LA_Code, Der_Person_ID
),
inferred AS (
  SELECT s.LA_Code, s.Der_Person_ID, MIN(r.Rule_Order) AS Rule_Order
  FROM latest_service s
  JOIN ref_accommodation_from_service r
    ON (r.Service_Type IS NULL OR r.Service_Type = s.Service_Type)
   AND (r.Component IS NULL OR (r.Component = '' AND s.Service_Component IS NULL) OR r.Component = s.Service_Component)
  GROUP BY s.LA_Code, s.Der_Person_ID
)
SELECT
  p.LA_Code,
  p.Der_Person_ID,
  p.Der_Birth_Date,
  p.Gender,
  p.Ethnicity,
  COALESCE(eg.Grouped_Value, 'Unknown') AS Ethnicity_Grouped,
  p.Primary_Support_Reason,
  CASE WHEN p.Accommodation_Status = 'Unknown' THEN COALESCE(ra.Accommodation_Status, 'Unknown')
       ELSE p.Accommodation_Status END AS Accommodation_Status,
  p.Date_of_Death
FROM person_firsts p
LEFT JOIN ref_grouping eg ON eg.Field_Name = 'Ethnicity' AND eg.Cleaned_Value = p.Ethnicity
LEFT JOIN inferred i ON i.LA_Code IS NOT DISTINCT FROM p.LA_Code AND i.Der_Person_ID = p.Der_Person_ID
LEFT JOIN ref_accommodation_from_service ra ON ra.Rule_Order = i.Rule_Order;

DROP TABLE IF EXISTS person_firsts;
DROP TABLE IF EXISTS person_rows;
