package dev.harrier.protocol.http3;

import dev.harrier.http.Attack;
import dev.harrier.spi.EventBudget;
import dev.harrier.spi.GracefulClose;
import dev.harrier.spi.ServerConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http3.DefaultHttp3GoAwayFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.http3.Http3Exception;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/3 connection's lifecycle, on its QUIC connection's pipeline: counts its request
 * streams, and on a graceful close sends GOAWAY, refuses streams opened after it
 * (H3_REQUEST_REJECTED), and closes with H3_NO_ERROR once the streams in flight are done.
 */
final class Http3Connection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Http3Connection.class);
    static final int MAX_RESETS = 200;
    static final int RESET_WINDOW_SECONDS = 30;

    private final ServerConnection server;
    private final ChannelHandler errors = new StreamErrors(this);
    /** Streams the client may reset, as HTTP/2's rapid-reset limit allows (CVE-2023-44487). */
    private final EventBudget resets = new EventBudget(MAX_RESETS, RESET_WINDOW_SECONDS, TimeUnit.SECONDS);
    private boolean attackStopped;
    private ChannelHandlerContext ctx;
    private int openStreams;
    private long highestStreamId = -1;
    /** The first stream id not served since GOAWAY was sent, or -1 before. */
    private long goAwayId = -1;

    Http3Connection(ServerConnection server) {
        this.server = server;
    }

    ServerConnection server() {
        return server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** A request stream opened; {@code false} when it came after GOAWAY and is to be refused. */
    boolean streamOpened(long streamId) {
        if (goAwayId >= 0 && streamId >= goAwayId) {
            return false;
        }
        openStreams++;
        highestStreamId = Math.max(highestStreamId, streamId);
        return true;
    }

    /** A request stream {@link #streamOpened opened} has closed. */
    void streamClosed() {
        if (--openStreams == 0 && goAwayId >= 0) {
            close();
        }
    }

    /**
     * Every unidirectional stream the client opens (control, QPACK) gets the connection's error
     * reporter at the end of its pipeline: Netty's handlers close the connection with the right
     * code and pass the error on.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof QuicStreamChannel stream && stream.type() == QuicStreamType.UNIDIRECTIONAL) {
            stream.pipeline().addLast(errors);
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * The client reset a request stream in flight. Past {@link #MAX_RESETS} within
     * {@link #RESET_WINDOW_SECONDS} the connection is ended as a rapid-reset attack, with
     * H3_EXCESSIVE_LOAD.
     */
    void streamResetByClient() {
        if (!resets.spend() && !attackStopped) {
            attackStopped = true;
            server.attackStopped(Attack.RAPID_RESET);
            ((QuicChannel) ctx.channel()).close(true, Http3ErrorCode.H3_EXCESSIVE_LOAD.code(),
                    Unpooled.copiedBuffer("too many streams reset", StandardCharsets.US_ASCII));
        }
    }

    /** Counts and logs what the client broke; the codec has reset the stream or closed the connection. */
    void protocolError(Http3Exception error) {
        server.protocolError(error.errorCode() + ": " + error.getMessage());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event != GracefulClose.INSTANCE) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (goAwayId >= 0) {
            return;
        }
        goAwayId = highestStreamId < 0 ? 0 : highestStreamId + 4;
        QuicStreamChannel control = Http3.getLocalControlStream(ctx.channel());
        LOG.debug("Connection {} goes away after stream {}", ctx.channel(), highestStreamId);
        if (control == null) {
            close();
        } else {
            control.writeAndFlush(new DefaultHttp3GoAwayFrame(goAwayId)).addListener((ChannelFutureListener) sent -> {
                if (!sent.isSuccess()) {
                    LOG.debug("Connection {}: GOAWAY failed: {}", ctx.channel(), String.valueOf(sent.cause()));
                }
                if (openStreams == 0) {
                    close();
                }
            });
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed(ctx, cause)) {
            ctx.close();
        }
    }

    /**
     * Classifies a failure on the connection or one of its streams: HTTP/3's own errors are the
     * client's (counted; Netty has ended the stream or the connection with their code), QUIC and
     * I/O errors are the network's (a debug line); anything else is the server's.
     *
     * @return whether it is the server's: the caller ends what failed
     */
    boolean failed(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http3Exception error) {
            protocolError(error);
            return false;
        }
        if (cause instanceof IOException || cause instanceof QuicException) {
            LOG.debug("{}: {}", ctx.channel(), cause.toString());
            return false;
        }
        server.unexpected(cause);
        return true;
    }

    private void close() {
        ((QuicChannel) ctx.channel()).close(true, Http3ErrorCode.H3_NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
    }
}
