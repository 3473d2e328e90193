-- ASCOF 2A, step 2 of 4: episodes that ended in the year, for adults who were new clients.
-- Follows DHSC's Create_ASCOF_2A_2425_Onwards.sql: "Select ST-Max events ending in the year",
-- "Join ST-Max clusters to all other events for the same person" and "Identify new clients".

-- Episodes ending in the period; the person's latest details (person_details, one row a person).
-- Age is whole years at the end of the episode, as DHSC counts it: FLOOR(days / 365.25).
-- Under-18s are left out, people of unknown age kept; so is anyone who died before it began.
CREATE OR REPLACE TEMP TABLE st2a_in_period AS
SELECT
  e.*,
  pd.Date_of_Death,
  pd.Gender,
  pd.Ethnicity_Grouped,
  pd.Primary_Support_Reason,
  CAST(floor(date_diff('day', pd.Der_Birth_Date, e.Episode_End) / 365.25) AS INTEGER) AS Age_At_End
FROM st2a_episodes AS e
CROSS JOIN st_params AS p
LEFT JOIN person_details AS pd ON pd.Der_Person_ID = e.Der_Person_ID
WHERE e.Episode_End BETWEEN p.period_start AND p.period_end
  AND (pd.Der_Birth_Date IS NULL
       OR floor(date_diff('day', pd.Der_Birth_Date, e.Episode_End) / 365.25) >= p.minimum_age)
  AND (pd.Date_of_Death >= e.Episode_Start OR pd.Date_of_Death IS NULL);

-- Every other event of the same person beside each episode (DHSC's #ST_Max_Joined). The episode's own
-- ST-Max events (an ST-Max service starting within the episode) are not "other" events: DHSC blanks them.
CREATE OR REPLACE TEMP TABLE st2a_other_events AS
SELECT
  i.Episode_ID, i.Episode_Start, i.Episode_End,
  ev.Event_Type, ev.Event_Type, ev.Event_Start_Date, ev.End_Date, ev.Service_Type, ev.Service_Type,
  ev.Service_Component, ev.Event_Outcome, ev.Outcome_Rank
FROM st2a_in_period AS i
CROSS JOIN st_params AS p
JOIN st2a_events AS ev
  ON ev.LA_Code = i.LA_Code AND ev.Der_Person_ID = i.Der_Person_ID
WHERE NOT (ev.Event_Type = 'Service' AND ev.Service_Type = p.st_max
           AND ev.Event_Start_Date BETWEEN i.Episode_Start AND i.Episode_End);

-- New clients: no long-term support that started before the reablement and was still open, or had
-- ended fewer than 91 days before the reablement started.
CREATE OR REPLACE TEMP TABLE st2a_new AS
SELECT
  i.*,
  CASE
    WHEN i.Der_Birth_Date_Known = 0 THEN 'Unknown'
    WHEN i.Age_At_End <= 64 THEN '18 to 64'
    ELSE '65 and above'
  END AS Age_Band
FROM (SELECT *, CASE WHEN Age_At_End IS NULL THEN 0 ELSE 1 END AS Der_Birth_Date_Known FROM st2a_in_period) AS i
CROSS JOIN st_params AS p
WHERE NOT EXISTS (
  SELECT 1
  FROM st2a_other_events AS o
  WHERE o.Episode_ID = i.Episode_ID
    AND o.Service_Type IN (SELECT value FROM st_values WHERE list_name = 'long_term')
    AND o.Event_Start_Date < i.Episode_Start
    AND date_diff('day', o.End_Date, i.Episode_Start) < p.new_client_lookback_days
);
