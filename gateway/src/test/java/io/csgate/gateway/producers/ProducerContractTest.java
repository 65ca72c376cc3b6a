package io.csgate.gateway.producers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.Bodies;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.json.Json;
import io.csgate.common.sign.RecordSigner;
import io.csgate.common.sign.RecordVerifier;
import io.csgate.common.sign.SigningKey;
import io.csgate.gateway.model.EventContext;
import io.csgate.ingest.input.LineParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/producers.md is the contract third-party producers write against: its worked example,
 * derived uuid and example bodies are checked here with the gateways' own code, so the page
 * cannot drift from what gateways do.
 */
class ProducerContractTest {

    private static final Path DOC = Path.of("../docs/producers.md");
    private static final Pattern OP_SECTION = Pattern.compile("^### `([a-z_]+)`\\n(.*?)```json\\n(.*?)\\n```",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static String doc;

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
    }

    private static String envelopeExample() {
        int section = doc.indexOf("## The envelope");
        int start = doc.indexOf("```json\n", section) + "```json\n".length();
        return doc.substring(start, doc.indexOf("\n```", start));
    }

    @Test
    void theWorkedExampleIsAValidEnvelopeAndItsSignatureIsWhatGatewaysCompute() {
        String value = envelopeExample();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Envelope e = EventCodec.decode(bytes);
        Bodies.validate(e.op(), e.body());
        String signature = new RecordSigner("secret").sign(bytes);
        assertThat(doc).contains("cs-signature: " + signature);
        assertThat(new RecordSigner("secret").verify(bytes, signature.getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void theWorkedExampleSignedWithAProducerKeyIsWhatGatewaysAccept() {
        byte[] bytes = envelopeExample().getBytes(StandardCharsets.UTF_8);
        String signature = new RecordSigner("billing", "billing-key").sign(bytes);
        assertThat(doc).contains("cs-signature: " + signature);
        RecordVerifier gateway = new RecordVerifier(List.of(SigningKey.shared("secret"),
                new SigningKey("billing", "billing-key", null)));
        assertThat(gateway.verify(bytes, signature.getBytes(StandardCharsets.US_ASCII), Instant.now()))
                .isEqualTo(RecordVerifier.Verdict.VALID);
    }

    @Test
    void everyRejectionReasonIsDocumented() {
        String section = doc.substring(doc.indexOf("## What a gateway does"), doc.indexOf("## Order and duplicates"));
        List<String> reasons = List.of("unsigned", "signature", "unknown_key", "revoked_key", "decode", "untimed",
                "out_of_window", "duplicate", "invalid");
        reasons.forEach(reason -> assertThat(section).as(reason).contains("`" + reason + "`"));
        assertThat(section).contains("reason=\"" + String.join("|", reasons) + "\"");
    }

    @Test
    void theDocumentedDerivedMessageUuidIsTheGatewaysDerivation() {
        Envelope e = EventCodec.decode(envelopeExample().getBytes(StandardCharsets.UTF_8));
        String derived = new EventContext(e.id(), e.time(), e.origin()).derivedUuid("message/0").toString();
        assertThat(doc).contains("the message gets `" + derived + "`");
    }

    @Test
    void everyProducerOperationIsDocumentedWithAValidExampleBody() throws IOException {
        Map<Op, JsonNode> examples = new LinkedHashMap<>();
        Matcher m = OP_SECTION.matcher(doc);
        while (m.find()) {
            Op op = Op.fromWire(m.group(1)).orElseThrow(() -> new AssertionError("unknown op " + m.group(1)));
            examples.put(op, Json.parse(m.group(3)));
        }
        assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(LineParser.API_OPS);
        examples.forEach((op, body) -> Bodies.validate(op, body));
        String reserved = doc.substring(doc.indexOf("### Reserved operations"), doc.indexOf("## What a gateway does"));
        for (Op op : Op.values()) {
            if (!LineParser.API_OPS.contains(op)) {
                assertThat(reserved).as("gateway-internal ops are listed as reserved").contains("`" + op.wireName() + "`");
            }
        }
    }
}
