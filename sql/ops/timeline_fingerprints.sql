-- What each document contributes to the timeline: a fingerprint of its event_mentions rows,
-- publication date and source (one row per document with mentions). Mentions are hashed per
-- document first, then joined to their 1 document row each.
SELECT m.doc_id,
       md5(concat_ws('|', m.mentions_hash, d.publication_date, coalesce(d.source, ''))) AS fingerprint
FROM (SELECT doc_id, bit_xor(hash(m)) AS mentions_hash FROM event_mentions AS m GROUP BY doc_id) AS m
JOIN documents AS d USING (doc_id);
