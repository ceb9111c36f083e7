-- What each document contributes to the timeline: a fingerprint of its event_mentions rows,
-- publication date and source (one row per document with mentions).
SELECT m.doc_id,
       md5(concat_ws('|', bit_xor(hash(m)), any_value(d.publication_date),
                     coalesce(any_value(d.source), ''))) AS fingerprint
FROM event_mentions AS m
JOIN documents AS d USING (doc_id)
GROUP BY m.doc_id;
