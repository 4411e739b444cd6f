/* The fixed signing key of the badge fuzz target and of the worked example in
 * docs/badge-payload.md: event "pycon-demo-2027" (tag 9125), key id 1, seed
 * 00 01 02 ... 1f.  The valid payloads in corpus/badge/ are signed with it, so
 * the fuzzer starts from inputs that reach the signature check, and
 * test_badge checks that they still verify.  Never use it for a real event. */
#ifndef CHECKIN_FUZZ_BADGE_KEY_H
#define CHECKIN_FUZZ_BADGE_KEY_H

#define FUZZ_BADGE_EVENT_SLUG "pycon-demo-2027"
#define FUZZ_BADGE_EVENT_TAG 0x9125
#define FUZZ_BADGE_KEY_ID 1
#define FUZZ_BADGE_SEED                                                        \
    {                                                                          \
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,      \
            0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,  \
            0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f         \
    }

#endif
