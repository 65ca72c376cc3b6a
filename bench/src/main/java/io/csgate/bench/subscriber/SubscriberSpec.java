package io.csgate.bench.subscriber;

import io.csgate.bench.ws.WsClientConfig;
import java.util.List;

/**
 * Which subscribers one pool opens and how. Subscriber {@code k} (numbered across all pools of
 * a run) is user {@code bench-<run>-u<k>} on channel {@code k mod channels}.
 *
 * @param runId a short random id, so that each run has fresh users and channels
 * @param first number of this pool's first subscriber
 * @param count subscribers in this pool
 * @param channels channels of the whole run
 * @param concurrency subscribers being connected at the same time
 * @param ws the websocket client's settings
 */
public record SubscriberSpec(String runId, int first, int count, int channels, int concurrency, WsClientConfig ws) {

    public static String channelName(String runId, int channel) {
        return "bench-" + runId + "-c" + channel;
    }

    public static String userName(String runId, int subscriber) {
        return "bench-" + runId + "-u" + subscriber;
    }

    public int channelOf(int subscriber) {
        return subscriber % channels;
    }

    public List<String> channelsOf(int subscriber) {
        return List.of(channelName(runId, channelOf(subscriber)));
    }

    /** Subscribers per channel for {@code total} subscribers numbered from 0. */
    public static long[] perChannel(int total, int channels) {
        long[] n = new long[channels];
        for (int c = 0; c < channels; c++) {
            n[c] = total / channels + (c < total % channels ? 1 : 0);
        }
        return n;
    }
}
