package io.csgate.gateway.model;

import io.csgate.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Collects what the model hands to the hub, serialized at hand-over so later mutation would show. */
final class RecordingOutbox implements Outbox {

    record Delivery(List<UUID> connIds, Map<String, Object> event, String json) {
        String type() {
            return (String) event.get("type");
        }
    }

    final List<Delivery> deliveries = new ArrayList<>();
    final List<UUID> closed = new ArrayList<>();
    /** Every call in order, as text, for comparing two replicas. */
    final List<String> log = new ArrayList<>();

    @Override
    public void deliver(List<UUID> connIds, Map<String, Object> event) {
        String json = Json.text(event);
        deliveries.add(new Delivery(List.copyOf(connIds), event, json));
        log.add("deliver " + connIds + " " + json);
    }

    /** One entry per {@link #deliverAll} call: how many events went out together. */
    final List<Integer> batches = new ArrayList<>();

    @Override
    public void deliverAll(List<UUID> connIds, List<Map<String, Object>> events) {
        String json = Json.text(events);
        batches.add(events.size());
        for (Map<String, Object> e : events) {
            deliveries.add(new Delivery(List.copyOf(connIds), e, Json.text(e)));
        }
        log.add("deliverAll " + connIds + " " + json);
    }

    @Override
    public void close(UUID connId) {
        closed.add(connId);
        log.add("close " + connId);
    }

    /** Events (in order) that reached this connection. */
    List<Map<String, Object>> to(UUID connId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Delivery d : deliveries) {
            if (d.connIds().contains(connId)) {
                out.add(d.event());
            }
        }
        return out;
    }

    List<Delivery> ofType(String type) {
        return deliveries.stream().filter(d -> type.equals(d.type())).toList();
    }

    void clear() {
        deliveries.clear();
        batches.clear();
        closed.clear();
    }
}
