-- Waiting times, step 1 of 3: the requests, assessments and services the waits are measured between.
-- Follows DHSC's Waiting_times/waiting_times_method.sql, stage 1 ("Filter for events of interest").
-- Reads: cld_main (the pipeline's unique events, whole history), st_params, st_values.
-- Values are compared as the pipeline cleaned them (Release 2 wording, DHSC's mapping of variants and case).

-- Stage 1.1: every event, with its kind and the two ages DHSC uses: at the start of the event (to keep
-- people aged 25 and over) and at its end, or at the end of the submission's period for an open service
-- (DHSC's Der_Latest_Age, which gives the age band the wait is reported in).
CREATE OR REPLACE TEMP VIEW stw_events AS
SELECT
  x.*,
  CAST(floor(date_diff('day', x.Der_Birth_Date, x.Event_Start_Date) / 365.25) AS INTEGER) AS Age_At_Start,
  CAST(floor(date_diff('day', x.Der_Birth_Date, x.Age_Date) / 365.25) AS INTEGER) AS Age_Latest
FROM (
  SELECT
    m.LA_Code,
    m.Der_Person_ID,
    CASE
      WHEN m.Event_Type IN ('Service', 'Assessment', 'Request', 'Review') THEN m.Event_Type
      ELSE 'Invalid and not mapped'
    END AS Event_Kind,
    m.Event_Start_Date,
    m.Der_Event_End_Date,
    m.Client_Type,
    m.Assessment_Type,
    m.Service_Type,
    m.Event_Outcome,
    m.Event_Outcome_Grouped,
    m.Der_Birth_Date,
    CASE WHEN m.Event_Type = 'Service' AND m.Der_Event_End_Date IS NULL THEN m.Ref_Period_End_Date
         ELSE m.Der_Event_End_Date END AS Age_Date
  FROM cld_main AS m
  WHERE m.Der_Person_ID IS NOT NULL AND m.Event_Start_Date IS NOT NULL
) AS x;

-- Stage 1.2: short- and long-term assessments, and services of the seven service types.
CREATE OR REPLACE TEMP TABLE stw_assessments_services AS
SELECT *
FROM stw_events
WHERE (Event_Kind = 'Assessment'
       AND Assessment_Type IN (SELECT value FROM st_values WHERE list_name = 'wait_assessment_types'))
   OR (Event_Kind = 'Service'
       AND Service_Type IN (SELECT value FROM st_values WHERE list_name = 'wait_services'));

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
  AND r.Client_Type = p.service_user
  AND r.Event_Start_Date >= p.cld_first_date
  AND r.Age_At_Start >= p.wait_minimum_age
  AND NOT EXISTS (
    SELECT 1
    FROM stw_assessments_services AS s
    WHERE s.Event_Kind = 'Service'
      AND s.LA_Code = r.LA_Code
      AND s.Der_Person_ID = r.Der_Person_ID
      AND s.Event_Start_Date < r.Event_Start_Date
      AND ((s.Service_Type IN (SELECT value FROM st_values WHERE list_name = 'long_term')
            AND (s.Der_Event_End_Date >= r.Event_Start_Date - INTERVAL '1' MONTH * p.existing_long_term_months
                 OR s.Der_Event_End_Date IS NULL))
        OR (s.Service_Type IN (SELECT value FROM st_values WHERE list_name = 'existing_short_term')
            AND (s.Der_Event_End_Date >= r.Event_Start_Date - INTERVAL '1' MONTH * p.existing_short_term_months
                 OR s.Der_Event_End_Date IS NULL))))
  -- 1.4: as DHSC's NOT IN, a request with no grouped outcome is left out too
  AND r.Event_Outcome_Grouped NOT IN (SELECT value FROM st_values WHERE list_name = 'request_outcome_groups_excluded');
