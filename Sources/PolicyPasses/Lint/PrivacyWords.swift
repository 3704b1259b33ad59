/// Words of data-protection practice that general dictionaries lack. Shipped with policyc so that
/// every project does not have to list them; a project's own words go in its `words.txt`.
enum PrivacyWords {
    static let all = [
        "anonymize", "anonymized", "anonymise", "anonymised", "anonymization", "anonymisation",
        "pseudonymize", "pseudonymized", "pseudonymise", "pseudonymised", "pseudonymization", "pseudonymisation",
        "deidentify", "deidentified", "subprocessor", "subprocessors", "subprocessing", "geolocation",
        "cybersecurity", "cybercrime", "cyber", "datacenter", "datacenters", "DPO", "takedown", "takedowns",
        "chatbot", "chatbots", "signup", "pageview", "pageviews", "webpage", "webpages", "retargeting",
        "whistleblowing", "performant", "lookup", "lookups", "counterparties", "infringers", "redactions",
        "postsecondary", "waivable", "setoff", "combatting", "licensor", "licensors", "minimisation",
        "opt", "analytics", "cookie", "cookies", "login", "logins", "username", "usernames", "app", "apps",
        // Prefixes that hyphenated compounds leave alone once split ("pre-installed", "co-located").
        "pre", "co", "non", "multi", "anti", "cross",
        "online", "offline", "email", "emails", "metadata", "timestamp", "timestamps", "hashed", "encrypted",
    ]
}
