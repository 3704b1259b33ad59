package com.example.pos;

import android.app.Activity;
import android.os.Bundle;

/** The checkout screen: what it sends to the telemetry service. */
public class CheckoutActivity extends Activity {
    @Override
    protected void onCreate(Bundle state) {
        super.onCreate(state);
        Telemetry.track("device.model", android.os.Build.MODEL);
        Telemetry.track("device.software-version", android.os.Build.VERSION.RELEASE);
    }

    void onPrinted(int jobs) {
        // policy-collects: device.printing-info for data-analysis
        Telemetry.count("printer_jobs", jobs);
    }
}
