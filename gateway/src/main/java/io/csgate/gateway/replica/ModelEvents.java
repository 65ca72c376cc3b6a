package io.csgate.gateway.replica;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.Bodies;
import io.csgate.common.body.ChannelConfigBody;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.DisconnectBody;
import io.csgate.common.body.MessageDeleteItem;
import io.csgate.common.body.MessageEditItem;
import io.csgate.common.body.MessageItem;
import io.csgate.common.body.SubscribeBody;
import io.csgate.common.body.UserStateBody;
import io.csgate.common.event.Envelope;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.EventContext;
import io.csgate.gateway.model.LogPosition;
import java.util.List;

/**
 * Applies events to the {@link ChannelstreamModel}: validates the body with the same rules as
 * the REST API (so direct producers and the CLI are held to them too), then calls the model.
 * Lifecycle events of other gateways go to the {@link GatewayEvents} listener, admin sign-outs to
 * the {@link AdminEvents} one.
 */
public final class ModelEvents implements EventHandler {

    /** Receives the gateway lifecycle events, on the applier thread. */
    public interface GatewayEvents {
        void heartbeat(String gatewayId, java.time.Instant time);

        void down(String gatewayId, java.time.Instant time);
    }

    /** Receives the admin events, on the applier thread. */
    public interface AdminEvents {
        /** The admin session {@code session} signed out; its cookie expires at {@code expires}. */
        void signedOut(String session, java.time.Instant expires);
    }

    private final ChannelstreamModel model;
    private final GatewayEvents gateways;
    private final AdminEvents admin;

    public ModelEvents(ChannelstreamModel model, GatewayEvents gateways, AdminEvents admin) {
        this.model = model;
        this.gateways = gateways;
        this.admin = admin;
    }

    @Override
    public Object apply(Envelope event) {
        return apply(event, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Envelope event, LogPosition position) {
        EventContext ctx = new EventContext(event.id(), event.time(), event.origin(), position);
        JsonNode body = event.body();
        Object valid = Bodies.validate(event.op(), body);
        return switch (event.op()) {
            case CONNECT -> model.connect((ConnectBody) valid, ctx);
            case SUBSCRIBE -> model.subscribe((SubscribeBody) valid, ctx);
            case UNSUBSCRIBE -> model.unsubscribe((SubscribeBody) valid, ctx);
            case DISCONNECT -> model.disconnect(((DisconnectBody) valid).connId(), ctx);
            case USER_STATE -> model.userState((UserStateBody) valid, ctx);
            case CHANNEL_CONFIG -> model.channelConfig((ChannelConfigBody) valid, ctx);
            case MESSAGE -> model.messages((List<MessageItem>) valid, ctx);
            case MESSAGE_EDIT -> model.editMessages((List<MessageEditItem>) valid, ctx);
            case MESSAGE_DELETE -> model.deleteMessages((List<MessageDeleteItem>) valid, ctx);
            case SOCKET_ATTACHED -> {
                model.socketAttached(((DisconnectBody) valid).connId(), ctx);
                yield null;
            }
            case GATEWAY_HEARTBEAT -> {
                if (event.origin() != null) {
                    gateways.heartbeat(event.origin(), event.time());
                }
                yield null;
            }
            case USERS_EXPIRED -> model.expireUsers((io.csgate.common.body.UsersExpiredBody) valid, ctx);
            case ADMIN_SIGNED_OUT -> {
                io.csgate.common.body.AdminSignedOutBody b = (io.csgate.common.body.AdminSignedOutBody) valid;
                admin.signedOut(b.session(), b.expires());
                yield null;
            }
            case GATEWAY_DOWN -> {
                gateways.down((String) valid, event.time());
                yield model.gatewayDown((String) valid, ctx);
            }
        };
    }
}
