/**
 * The longest document, in bytes of its NDJSON line, the offline readers (`buffalogs detect`, `sequences`,
 * `analyze`) accept. Longer lines are rejected without being held: one line of a corrupt or hostile file with no
 * newline for gigabytes grew the process until it died.
 *
 * The bound: the largest text a shipper puts in one document is a log line, which Filebeat and Elastic Agent cut at
 * 10 MiB (`max_bytes` of the log input, `message_max_bytes` of filestream, both 10,485,760 by default); integrations
 * that preserve the original event keep it a second time in `event.original`. The authentication sources' own records
 * are far smaller (a Windows event, a CloudTrail record or an Entra ID sign-in is kilobytes). 32 MiB holds those two
 * copies with room for JSON escaping, the ECS fields beside them and a hit's `_index`/`_id` wrapper.
 */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
