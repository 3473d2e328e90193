-- Waiting times, step 3 of 3: one wait per request, leaving out requests made while an earlier request's
-- follow-up was still going on. Follows DHSC's Waiting_times/waiting_times_method.sql, stages 3.4 and 4.
-- A request is left out (stage 3.4) when the previous request's last counted event comes after it, or its
-- first response or service is one an earlier request already counted.
-- The waits, in days from the request's start (stage 4.1): to the first response (part 1) and to the first
-- service (part 2); and, Care Commons' split, from a first response that was an assessment to that service.
-- Each wait is reported in the age band of the event that ends it (25 to 64, 65 and above), in the period
-- that event started in (stage 4.2).
CREATE OR REPLACE TEMP TABLE stw_waits AS
WITH flagged AS (
  SELECT l.*,
    CASE
      WHEN LAG(GREATEST(l.Response_Order, l.Counted_Service_Order))
             OVER (PARTITION BY l.LA_Code, l.Der_Person_ID ORDER BY l.Request_Order) > l.Request_Order THEN 1
      WHEN l.Response_Order <= COALESCE(MAX(l.Response_Order) OVER (
             PARTITION BY l.LA_Code, l.Der_Person_ID ORDER BY l.Request_Order
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) THEN 1
      WHEN l.Counted_Service_Order <= COALESCE(MAX(l.Counted_Service_Order) OVER (
             PARTITION BY l.LA_Code, l.Der_Person_ID ORDER BY l.Request_Order
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) THEN 1
      ELSE 0
    END AS Overlaps_Earlier_Request
  FROM stw_linked AS l
)
SELECT
  f.*,
  CASE WHEN f.Overlaps_Earlier_Request = 0 THEN date_diff('day', f.Request_Start, f.Response_Start) END AS Wait_To_Response,
  CASE WHEN f.Overlaps_Earlier_Request = 0 THEN date_diff('day', f.Request_Start, f.Service_Start) END AS Wait_To_Service,
  CASE WHEN f.Overlaps_Earlier_Request = 0 AND f.Response_Kind = 'Assessment'
       THEN date_diff('day', f.Response_Start, f.Service_Start) END AS Wait_Assessment_To_Service,
  CASE WHEN f.Response_Age >= 65 THEN '65 and above' WHEN f.Response_Age >= 25 THEN '25 to 64' END AS Response_Age_Band,
  CASE WHEN f.Service_Age >= 65 THEN '65 and above' WHEN f.Service_Age >= 25 THEN '25 to 64' END AS Service_Age_Band
FROM flagged AS f;
