-- Waiting times, step 1 of 3: the requests, assessments and services the waits are measured between.
-- Follows DHSC's Waiting_times/waiting_times_method.sql, stage 1 ("Filter for events of interest").
-- Reads: cld_main (the pipeline's unique events, whole history), st_params, st_values.
-- Text is compared in lower case because DHSC's SQL Server compares it without regard to case.

-- Stage 1.1: every event, with its kind and the two ages DHSC uses: at the start of the event (to keep
-- people aged 25 and over) and at its end, or at the end of the submission's period for an open service
-- (DHSC's Der_Latest_Age, which gives the age band the wait is reported in).
CREATE OR REPLACE TEMP TABLE stw_events AS
SELECT
  x.*,
  CAST(floor(date_diff('day', x.Der_Birth_Date, x.Event_Start_Date) / 365.25) AS INTEGER) AS Age_At_Start,
  CAST(floor(date_diff('day', x.Der_Birth_Date, x.Age_Date) / 365.25) AS INTEGER) AS Age_Latest
FROM (
  SELECT
    m.LA_Code,
    m.Der_Person_ID,
    CASE
      WHEN lower(m.Event_Type) LIKE '%service%' THEN 'Service'
      WHEN lower(m.Event_Type) LIKE '%assessment%' THEN 'Assessment'
      WHEN lower(m.Event_Type) LIKE '%request%' THEN 'Request'
      WHEN lower(m.Event_Type) LIKE '%review%' THEN 'Review'
      ELSE 'Invalid and not mapped'
    END AS Event_Kind,
    m.Event_Start_Date,
    m.Der_Event_End_Date,
    lower(m.Client_Type) AS client_type_l,
    m.Assessment_Type,
    lower(m.Assessment_Type) AS assessment_type_l,
    m.Service_Type,
    lower(m.Service_Type) AS service_type_l,
    lower(m.Event_Outcome) AS event_outcome_l,
    lower(m.Event_Outcome_Grouped) AS event_outcome_grouped_l,
    m.Der_Birth_Date,
    CASE WHEN lower(m.Event_Type) LIKE '%service%' AND m.Der_Event_End_Date IS NULL THEN m.Ref_Period_End_Date
         ELSE m.Der_Event_End_Date END AS Age_Date,
    -- DHSC orders ties by import date and record id; a stable order of the row's own values stands in
    ROW_NUMBER() OVER (ORDER BY m.LA_Code, m.Der_Person_ID, m.Event_Start_Date, m.Event_Type, m.Der_Event_End_Date,
                                m.Assessment_Type, m.Service_Type, m.Service_Component, m.Event_Outcome,
                                m.Event_Reference) AS Record_ID
  FROM cld_main AS m
  WHERE m.Der_Person_ID IS NOT NULL AND m.Event_Start_Date IS NOT NULL
) AS x;

-- Stage 1.2: short- and long-term assessments, and services of the seven service types.
CREATE OR REPLACE TEMP TABLE stw_assessments_services AS
SELECT *
FROM stw_events
WHERE (Event_Kind = 'Assessment'
       AND assessment_type_l IN (SELECT value FROM st_values WHERE list_name = 'wait_assessment_types'))
   OR (Event_Kind = 'Service'
       AND service_type_l IN (SELECT value FROM st_values WHERE list_name = 'wait_services'));

-- Stages 1.3a to 1.4: a service user's requests since CLD began, made at 25 or over, by people who were
-- not already supported, and that did not end in no further action or a hospital admission.
-- Not already supported (1.3c): no service that started before the request that is long-term support
-- ending within the 12 months before it (or later, or still open), or ST-Max or other short-term support
-- ending within the 3 months before it (or later, or still open).
CREATE OR REPLACE TEMP TABLE stw_requests AS
SELECT r.*
FROM stw_events AS r
CROSS JOIN st_params AS p
WHERE r.Event_Kind = 'Request'
  AND r.client_type_l = p.service_user
  AND r.Event_Start_Date >= p.cld_first_date
  AND r.Age_At_Start >= p.wait_minimum_age
  AND NOT EXISTS (
    SELECT 1
    FROM stw_assessments_services AS s
    WHERE s.Event_Kind = 'Service'
      AND s.LA_Code = r.LA_Code
      AND s.Der_Person_ID = r.Der_Person_ID
      AND s.Event_Start_Date < r.Event_Start_Date
      AND ((s.service_type_l IN (SELECT value FROM st_values WHERE list_name = 'long_term')
            AND (s.Der_Event_End_Date >= r.Event_Start_Date - INTERVAL '1' MONTH * p.existing_long_term_months
                 OR s.Der_Event_End_Date IS NULL))
        OR (s.service_type_l IN (SELECT value FROM st_values WHERE list_name = 'existing_short_term')
            AND (s.Der_Event_End_Date >= r.Event_Start_Date - INTERVAL '1' MONTH * p.existing_short_term_months
                 OR s.Der_Event_End_Date IS NULL))))
  -- 1.4: as DHSC's NOT IN, a request with no grouped outcome is left out too
  AND r.event_outcome_grouped_l NOT IN (SELECT value FROM st_values WHERE list_name = 'request_outcome_groups_excluded');
