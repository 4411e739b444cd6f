/* A loopback stand-in for a network label printer on a raw TCP port (the
 * port 9100 protocol: bytes in, nothing back), on a thread of its own,
 * for tests that run `checkin` against a printer that is alive, or dead in
 * the ways network printers die.  127.0.0.1 only. */
#ifndef CHECKIN_TEST_TCP_PRINTER_H
#define CHECKIN_TEST_TCP_PRINTER_H

#include <stdbool.h>
#include <stddef.h>

enum tcp_printer_kind {
    TCP_PRINTER_READS, /* reads every byte it is sent, as a live printer */
    TCP_PRINTER_DEAD,  /* accepts connections and never reads a byte */
    /* A Zebra (ZPL) printer: reads every byte and answers each ~HS and
     * ~HQES as the ZPL II guide lays them out, ready or out of paper
     * (tcp_printer_paper_out). */
    TCP_PRINTER_ZEBRA,
};

struct tcp_printer;

/* Listen on a free port; NULL (and a test failure) if it cannot. */
struct tcp_printer *tcp_printer_start(enum tcp_printer_kind kind);
int tcp_printer_port(const struct tcp_printer *p);
/* How many connections it has accepted in all. */
int tcp_printer_accepted(struct tcp_printer *p);
/* Wait up to `timeout_ms` until it has accepted `n` connections in all;
 * whether it has. */
bool tcp_printer_wait_accepted(struct tcp_printer *p, int n, int timeout_ms);
/* A Zebra printer's paper runs out (true) or is loaded again (false). */
void tcp_printer_paper_out(struct tcp_printer *p, bool out);
/* Reset every open connection (RST, as a printer that restarts) and stop
 * listening, so that connecting again is refused; returns once done. */
void tcp_printer_reset(struct tcp_printer *p);
/* Stop, close every connection and free; returns the bytes it read. */
size_t tcp_printer_stop(struct tcp_printer *p);

#endif
