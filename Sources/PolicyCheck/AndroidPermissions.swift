/// Which data item an Android permission lets an app collect.
///
/// The built-in table covers Android's dangerous (runtime) permissions, with generic item ids; a
/// project maps its own ids with `android-permissions:` on items in `vocabulary.yaml`, which wins
/// over the table. Permissions that reach no personal data (network, vibration, wake locks, …)
/// are ignored; any other permission is reported once as unmapped, so it is not silently passed.
public enum AndroidPermissions {
    public static let defaultItems: [String: String] = [
        "android.permission.ACCESS_FINE_LOCATION": "location.precise",
        "android.permission.ACCESS_COARSE_LOCATION": "location.approximate",
        "android.permission.ACCESS_BACKGROUND_LOCATION": "location.background",
        "android.permission.ACCESS_MEDIA_LOCATION": "location.media",
        "android.permission.CAMERA": "device.camera",
        "android.permission.RECORD_AUDIO": "audio.recording",
        "android.permission.READ_PHONE_STATE": "device.phone-state",
        "android.permission.READ_PHONE_NUMBERS": "contact.phone",
        "android.permission.CALL_PHONE": "device.phone-calls",
        "android.permission.ANSWER_PHONE_CALLS": "device.phone-calls",
        "android.permission.READ_CONTACTS": "contacts.address-book",
        "android.permission.WRITE_CONTACTS": "contacts.address-book",
        "android.permission.GET_ACCOUNTS": "account.device-accounts",
        "android.permission.READ_CALENDAR": "calendar.events",
        "android.permission.WRITE_CALENDAR": "calendar.events",
        "android.permission.READ_CALL_LOG": "communication.call-log",
        "android.permission.WRITE_CALL_LOG": "communication.call-log",
        "android.permission.PROCESS_OUTGOING_CALLS": "communication.call-log",
        "android.permission.SEND_SMS": "communication.sms",
        "android.permission.RECEIVE_SMS": "communication.sms",
        "android.permission.READ_SMS": "communication.sms",
        "android.permission.RECEIVE_MMS": "communication.sms",
        "android.permission.RECEIVE_WAP_PUSH": "communication.sms",
        "android.permission.BODY_SENSORS": "health.body-sensors",
        "android.permission.BODY_SENSORS_BACKGROUND": "health.body-sensors",
        "android.permission.ACTIVITY_RECOGNITION": "health.activity",
        "android.permission.BLUETOOTH_SCAN": "device.nearby-bluetooth",
        "android.permission.BLUETOOTH_CONNECT": "device.bluetooth-pairing",
        "android.permission.BLUETOOTH_ADVERTISE": "device.nearby-bluetooth",
        "android.permission.NEARBY_WIFI_DEVICES": "device.nearby-wifi",
        "android.permission.UWB_RANGING": "device.nearby-uwb",
        "android.permission.READ_EXTERNAL_STORAGE": "device.storage-files",
        "android.permission.WRITE_EXTERNAL_STORAGE": "device.storage-files",
        "android.permission.MANAGE_EXTERNAL_STORAGE": "device.storage-files",
        "android.permission.READ_MEDIA_IMAGES": "media.images",
        "android.permission.READ_MEDIA_VIDEO": "media.video",
        "android.permission.READ_MEDIA_AUDIO": "media.audio",
        "android.permission.READ_MEDIA_VISUAL_USER_SELECTED": "media.images",
        "android.permission.POST_NOTIFICATIONS": "device.notifications",
        "android.hardware.camera": "device.camera",
        "android.hardware.camera.any": "device.camera",
        "android.hardware.microphone": "audio.recording",
        "android.hardware.location.gps": "location.precise",
    ]

    /// Permissions and features that give an app no personal data.
    public static let ignored: Set<String> = [
        "android.permission.INTERNET", "android.permission.ACCESS_NETWORK_STATE", "android.permission.ACCESS_WIFI_STATE",
        "android.permission.CHANGE_WIFI_STATE", "android.permission.CHANGE_NETWORK_STATE", "android.permission.WAKE_LOCK",
        "android.permission.VIBRATE", "android.permission.FOREGROUND_SERVICE", "android.permission.RECEIVE_BOOT_COMPLETED",
        "android.permission.BLUETOOTH", "android.permission.BLUETOOTH_ADMIN", "android.permission.NFC",
        "android.permission.REQUEST_INSTALL_PACKAGES", "android.permission.SCHEDULE_EXACT_ALARM", "android.permission.USE_BIOMETRIC",
        "android.permission.USE_FINGERPRINT", "android.permission.SYSTEM_ALERT_WINDOW", "android.permission.KILL_BACKGROUND_PROCESSES",
        "android.permission.ACCESS_NOTIFICATION_POLICY", "android.permission.EXPAND_STATUS_BAR", "android.permission.SET_WALLPAPER",
        "android.hardware.touchscreen", "android.hardware.wifi", "android.hardware.bluetooth", "android.hardware.usb.host",
        "android.hardware.usb.accessory", "android.hardware.nfc", "android.hardware.screen.portrait", "android.hardware.screen.landscape",
    ]
}
