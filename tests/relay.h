/* A TCP relay on the loopback interface to a Unix socket (the test's
 * PostgreSQL), on a thread of its own, that a test can cut: every
 * connection through it is closed at once, as when a switch is unplugged
 * and the hub's side resets, or pause: every byte held, as when the hub
 * hangs.  Only for tests. */
#ifndef CHECKIN_TEST_RELAY_H
#define CHECKIN_TEST_RELAY_H

#include <stdbool.h>

/* Listen on 127.0.0.1 (a free port, returned) and relay to `unix_path`.
 * 0 on failure. */
int relay_start(const char *unix_path);

/* Cut: close every relayed connection and, while `down`, refuse new ones
 * (accepted and closed at once).  relay_cut(false) lets them through
 * again. */
void relay_cut(bool down);

/* Pause: while `paused`, nothing is copied either way and nothing is
 * closed (new connections are accepted and wait too), as when a hub
 * hangs or a link drops every packet; relay_pause(false) goes on. */
void relay_pause(bool paused);

/* Pause as relay_pause(true) does at the first bytes a client sends
 * that hold `text` (a statement's words), those bytes held too, once:
 * the hub silent while that statement is in flight.  relay_pause(false)
 * sends them on and goes on, and forgets a text not met yet (a case that
 * failed before it leaves none for the next). */
void relay_pause_at(const char *text);

/* Wait until relay_pause_at's pause has begun: true, or false after
 * `timeout_ms`. */
bool relay_paused_at(int timeout_ms);

/* Connections relayed so far, and cut so far. */
long relay_connections(void);
long relay_cuts(void);

/* Round trips relayed so far, over every connection: the times a client
 * sent something after the server last spoke to it (its first bytes
 * included), however many statements it sent at once. */
long relay_turns(void);

/* Wait until every connection through the relay has closed, all it sent
 * relayed and counted (a client's last message, its Terminate, may still
 * be in the relay when the client's process has exited): true, or false
 * after `timeout_ms`. */
bool relay_quiet(int timeout_ms);

/* Stop the thread and close everything (also at exit). */
void relay_stop(void);

#endif
