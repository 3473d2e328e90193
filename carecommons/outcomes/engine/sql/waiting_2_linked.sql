-- Waiting times, step 2 of 3: each request linked to the first assessment and the first service after it.
-- Follows DHSC's Waiting_times/waiting_times_method.sql, stages 2 and 3.

-- Stage 2.1: each person's requests, assessments and services (made at 25 or over) in one order: by start
-- date, and on the same day a request before an assessment before a service.
-- Stage 2.3: whether each assessment led on to a service, and whether each "block" of assessments in a
-- row (no request or service between them) did: one assessment in the block that did is enough.
CREATE OR REPLACE TEMP TABLE stw_chronology AS
WITH unioned AS (
  SELECT r.*, 1 AS Kind_Order FROM stw_requests AS r
  UNION ALL
  SELECT s.*, CASE s.Event_Kind WHEN 'Assessment' THEN 2 ELSE 3 END AS Kind_Order
  FROM stw_assessments_services AS s
  CROSS JOIN st_params AS p
  WHERE s.Age_At_Start >= p.wait_minimum_age
    -- stage 2.2: only people with a counted request
    AND EXISTS (SELECT 1 FROM stw_requests AS q WHERE q.LA_Code = s.LA_Code AND q.Der_Person_ID = s.Der_Person_ID)
),
ordered AS (
  -- DHSC then orders by import date and record id, which the files do not carry; the rows' own values
  -- stand in, so the order is always the same. The running count of events that are not assessments
  -- numbers the blocks: assessments in a row share one number.
  SELECT u.*,
         ROW_NUMBER() OVER w AS Event_Order,
         SUM(CASE WHEN u.Event_Kind <> 'Assessment' THEN 1 ELSE 0 END) OVER (w ROWS UNBOUNDED PRECEDING) AS Block_ID,
         CASE WHEN u.Event_Kind = 'Assessment'
               AND u.Event_Outcome IN (SELECT value FROM st_values WHERE list_name = 'assessment_progress_to_service')
              THEN 1 WHEN u.Event_Kind = 'Assessment' THEN 0 END AS Assessment_Progress
  FROM unioned AS u
  WINDOW w AS (PARTITION BY u.LA_Code, u.Der_Person_ID
               ORDER BY u.Event_Start_Date, u.Kind_Order, u.Der_Event_End_Date, u.Assessment_Type,
                        u.Service_Type, u.Event_Outcome)
)
SELECT o.*,
       CASE WHEN o.Event_Kind = 'Assessment'
            THEN MAX(o.Assessment_Progress) OVER (PARTITION BY o.LA_Code, o.Der_Person_ID, o.Block_ID) END
         AS Block_Progress
FROM ordered AS o;

-- Stage 2.4: the first assessment and the first service after each request.
-- Stage 3.1 (a Release 1 request flagged as a conversation standing as its own assessment) is not applied:
-- Release 2 files carry no such flag.
-- Stage 3.2: when the first service comes before the first assessment (or there is no assessment), the
-- service is the first response.
-- Stage 3.3: when the first response is an assessment whose block did not lead on to a service, no
-- service is counted for this request.
CREATE OR REPLACE TEMP TABLE stw_linked AS
WITH firsts AS (
  SELECT c.*
  FROM (
    SELECT
      r.LA_Code, r.Der_Person_ID, r.Event_Kind, r.Event_Order AS Request_Order, r.Event_Start_Date AS Request_Start,
      MIN(CASE WHEN r.Event_Kind = 'Assessment' THEN r.Event_Order END) OVER (
        PARTITION BY r.LA_Code, r.Der_Person_ID ORDER BY r.Event_Order
        ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS Assessment_Order,
      MIN(CASE WHEN r.Event_Kind = 'Service' THEN r.Event_Order END) OVER (
        PARTITION BY r.LA_Code, r.Der_Person_ID ORDER BY r.Event_Order
        ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS Service_Order
    FROM stw_chronology AS r
  ) AS c
  WHERE c.Event_Kind = 'Request'
),
responses AS (
  SELECT f.*,
         CASE WHEN f.Service_Order IS NOT NULL AND (f.Assessment_Order IS NULL OR f.Assessment_Order > f.Service_Order)
              THEN f.Service_Order ELSE f.Assessment_Order END AS Response_Order
  FROM firsts AS f
)
SELECT
  x.LA_Code, x.Der_Person_ID, x.Request_Order, x.Request_Start,
  x.Response_Order, resp.Event_Kind AS Response_Kind, resp.Event_Start_Date AS Response_Start,
  resp.Age_Latest AS Response_Age, resp.Assessment_Type AS Response_Assessment_Type,
  CASE WHEN resp.Event_Kind = 'Assessment' AND resp.Block_Progress = 0 THEN NULL ELSE x.Service_Order END
    AS Counted_Service_Order,
  CASE WHEN resp.Event_Kind = 'Assessment' AND resp.Block_Progress = 0 THEN NULL ELSE srv.Event_Start_Date END
    AS Service_Start,
  CASE WHEN resp.Event_Kind = 'Assessment' AND resp.Block_Progress = 0 THEN NULL ELSE srv.Age_Latest END
    AS Service_Age,
  CASE WHEN resp.Event_Kind = 'Assessment' AND resp.Block_Progress = 0 THEN NULL ELSE srv.Service_Type END
    AS Service_Type
FROM responses AS x
LEFT JOIN stw_chronology AS resp
  ON resp.LA_Code = x.LA_Code AND resp.Der_Person_ID = x.Der_Person_ID AND resp.Event_Order = x.Response_Order
LEFT JOIN stw_chronology AS srv
  ON srv.LA_Code = x.LA_Code AND srv.Der_Person_ID = x.Der_Person_ID AND srv.Event_Order = x.Service_Order;
