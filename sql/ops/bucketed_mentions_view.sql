-- Event mentions with their merge bucket (pipeline.core.events.merge.bucket_key), for this
-- connection. Needs the registered frame `event_class_map` (lemma, event_class);
-- {coarse_after_days} is substituted (merge.json bucket_coarse_after_days).
CREATE OR REPLACE TEMP VIEW bucketed_mentions AS
SELECT m.* EXCLUDE (timex_id),
       coalesce(by_lemma.event_class, by_trigger.event_class, m.trigger_lemma) || '|' ||
       CASE WHEN m.date_end - m.date_start > {coarse_after_days} THEN 'coarse'
            ELSE CAST(year(m.date_start) AS VARCHAR) END AS merge_bucket
FROM event_mentions AS m
LEFT JOIN event_class_map AS by_lemma ON by_lemma.lemma = m.trigger_lemma
LEFT JOIN event_class_map AS by_trigger ON by_trigger.lemma = lower(m.trigger);
