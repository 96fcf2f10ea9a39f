package dev.quiver.server.session;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.server.auth.LoginThrottle;
import dev.quiver.server.auth.PasswordHash;
import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Flight's header authenticator: a call with HTTP Basic credentials logs in (a new session; the
 * reply carries a bearer token), a call with a bearer token finds its session. Each call's peer
 * identity is its session's id.
 *
 * <p>With a users file, every failure — unknown user, wrong password, throttled name, unknown or
 * expired token — is the same UNAUTHENTICATED error, so that a caller learns nothing; the log
 * says which. Without a users file (a server on loopback only) every caller is an admin: Basic
 * credentials name the user, a call without any shares one anonymous session.
 */
public final class SessionAuthenticator implements CallHeaderAuthenticator {
    /** The user name of callers without credentials on a server without users. */
    public static final String ANONYMOUS = "anonymous";

    private static final String FAILED =
            "authentication failed: wrong user name or password, or the session expired;" + " log in again";

    private final SessionRegistry sessions;
    private final UsersFile users; // null: no authentication
    private final LoginThrottle throttle;
    private final ServerLog log;
    /** Checked for unknown users: as costly as a real user's hash. */
    private final String dummyHash;

    private ClientSession anonymous;

    public SessionAuthenticator(SessionRegistry sessions, UsersFile users, LoginThrottle throttle, ServerLog log) {
        this.sessions = sessions;
        this.users = users;
        this.throttle = throttle;
        this.log = log;
        this.dummyHash =
                PasswordHash.create("not a password".toCharArray(), users == null ? 1 : users.typicalIterations());
    }

    @Override
    public AuthResult authenticate(CallHeaders headers) {
        String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
        if (bearer != null) {
            ClientSession session = sessions.byToken(bearer);
            if (session == null) {
                log.connection("rejected call: unknown or expired token");
                throw unauthenticated();
            }
            return () -> session.id();
        }
        String basic = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BASIC_PREFIX);
        if (basic != null) {
            return login(basic);
        }
        if (users == null) {
            ClientSession session = anonymous();
            return () -> session.id();
        }
        throw unauthenticated();
    }

    private AuthResult login(String basic) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthenticated();
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        char[] password = colon < 0 ? new char[0] : decoded.substring(colon + 1).toCharArray();
        Role role = users == null ? Role.ADMIN : verify(user, password);
        SessionRegistry.Opened opened;
        try {
            opened = sessions.open(user, role);
        } catch (QuiverException e) {
            log.connection("login refused user=" + user + ": " + e.getMessage());
            throw CallStatus.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).toRuntimeException();
        }
        String token = opened.token();
        String id = opened.session().id();
        return new AuthResult() {
            @Override
            public String getPeerIdentity() {
                return id;
            }

            @Override
            public void appendToOutgoingHeaders(CallHeaders outgoing) {
                if (!outgoing.containsKey(Auth2Constants.AUTHORIZATION_HEADER)) {
                    outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token);
                }
            }
        };
    }

    /** The user's role when the password is right; otherwise logs why and fails uniformly. */
    private Role verify(String user, char[] password) {
        if (!throttle.allows(user)) {
            log.connection("failed login user=" + user + " reason=throttled (too many failures)");
            throw unauthenticated();
        }
        Optional<UsersFile.User> known = users.user(user);
        // an unknown user costs a hash too, so that timing does not tell which names exist
        boolean matches = PasswordHash.matches(
                password, known.map(UsersFile.User::passwordHash).orElse(dummyHash));
        if (known.isEmpty() || !matches) {
            throttle.failed(user);
            log.connection(
                    "failed login user=" + user + " reason=" + (known.isEmpty() ? "unknown user" : "wrong password"));
            throw unauthenticated();
        }
        throttle.succeeded(user);
        return known.get().role();
    }

    /** The one session of callers without credentials (no users file), renewed when it ended idle. */
    private synchronized ClientSession anonymous() {
        if (anonymous == null || sessions.byId(anonymous.id()) == null) {
            anonymous = sessions.open(ANONYMOUS, Role.ADMIN).session();
        }
        anonymous.touch();
        return anonymous;
    }

    private static FlightRuntimeException unauthenticated() {
        return CallStatus.UNAUTHENTICATED.withDescription(FAILED).toRuntimeException();
    }
}
