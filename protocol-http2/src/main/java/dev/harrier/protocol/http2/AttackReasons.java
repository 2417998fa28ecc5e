package dev.harrier.protocol.http2;

import dev.harrier.http.Attack;
import io.netty.handler.codec.http2.Http2Error;

/**
 * Which attack a connection error stands for, from its error code and reason (the debug data of
 * its GOAWAY): the reasons of Netty's guards, as Netty 4.2 words them, of {@link FloodGuard} and
 * of {@link StalledWindows}.
 */
final class AttackReasons {

    private AttackReasons() {
    }

    /** The attack, or {@code null} for a connection error that is not one. */
    static Attack of(long errorCode, String reason) {
        if (errorCode == Http2Error.PROTOCOL_ERROR.code()) {
            // A header block beyond 1.25 x the header list size while CONTINUATION frames add to it.
            return reason.startsWith("Header size exceeded max allowed size") ? Attack.CONTINUATION_FLOOD : null;
        }
        if (errorCode != Http2Error.ENHANCE_YOUR_CALM.code()) {
            return null;
        }
        if (reason.startsWith("Maximum number of RST frames reached")) {
            return Attack.RAPID_RESET; // RST_STREAM frames received
        }
        if (reason.startsWith("Maximum number ") && reason.contains(" of RST frames")) {
            return Attack.PROVOKED_RESETS; // RST_STREAM frames sent
        }
        if (reason.startsWith("Number of small consecutive continuations frames")) {
            return Attack.CONTINUATION_FLOOD;
        }
        if (reason.contains(" of outstanding control frames reached")) {
            return Attack.CONTROL_FRAME_FLOOD;
        }
        if (reason.contains(" of empty data frames without end_of_stream flag received")) {
            return Attack.EMPTY_FRAME_FLOOD;
        }
        if (reason.startsWith("More than ") && reason.contains(" frames within ")) {
            return floodGuard(reason); // FloodGuard's budgets
        }
        if (reason.startsWith(StalledWindows.REASON)) {
            return Attack.ZERO_WINDOW;
        }
        return null;
    }

    /** PRIORITY frames, PING and SETTINGS (read, but in bulk), or frames of unknown types. */
    private static Attack floodGuard(String reason) {
        if (reason.contains(" PRIORITY frames ")) {
            return Attack.PRIORITY_FLOOD;
        }
        if (reason.contains(" PING frames ") || reason.contains(" SETTINGS frames ")) {
            return Attack.CONTROL_FRAME_FLOOD;
        }
        return Attack.UNKNOWN_FRAME_FLOOD;
    }
}
