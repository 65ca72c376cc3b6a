/**
 * The request bodies of the server API as typed records, and {@link io.csgate.common.body.Bodies}:
 * the one validation path shared by REST handlers, the log applier (direct producers) and the CLI,
 * producing marshmallow-shaped 422 error dicts.
 */
package io.csgate.common.body;
