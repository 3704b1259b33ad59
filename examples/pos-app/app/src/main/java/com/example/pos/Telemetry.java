package com.example.pos;

/** Uploads named values; every call site names the data item it sends. */
final class Telemetry {
    static void track(String item, String value) { /* upload */ }

    static void count(String field, int value) { /* upload */ }
}
