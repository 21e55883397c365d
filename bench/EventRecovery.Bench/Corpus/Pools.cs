namespace EventRecovery.Bench.Corpus;

/// <summary>Values rows are drawn from. Invented (acme.example and documentation address ranges): no real data.</summary>
internal static class Pools
{
    public static readonly string[] Hosts =
    [
        "collector.acme.example",
        "c.shop.acme.example",
        "sp.acme-media.example",
        "events.acme.example",
    ];
    public static readonly string[] Collectors = ["ssc-3.2.0-kinesis", "ssc-3.1.1-kinesis", "ssc-2.10.0-kinesis"];
    public static readonly string[] EnrichVersions = ["5.1.0", "5.0.2", "4.2.1"];
    public static readonly string[] Languages = ["en-GB", "en-US", "de-DE", "fr-FR", "pt-BR", "es-ES", "nl-NL", "it-IT"];
    public static readonly string[] TimeZones =
    [
        "Europe/London",
        "America/New_York",
        "Europe/Berlin",
        "Europe/Paris",
        "America/Sao_Paulo",
        "Asia/Tokyo",
    ];
    public static readonly string[] Resolutions = ["1920x1080", "2560x1440", "1366x768", "1440x900", "390x844", "414x896", "1536x864"];
    public static readonly string[] Viewports = ["1280x720", "1903x955", "1350x657", "390x664", "414x715", "1519x730"];
    public static readonly string[] JsTrackers = ["js-3.24.2", "js-3.23.0", "js-3.17.0", "js-2.18.2"];
    public static readonly string[] MobileTrackers = ["andr-5.4.1", "ios-5.6.0", "andr-4.1.0"];
    public static readonly string[] Sections = ["p", "c", "search", "basket", "account", "blog", "help"];
    public static readonly string[] Products =
    [
        "Trail Runner 2",
        "Rain Jacket",
        "Merino Socks (3 pack)",
        "Headlamp 400",
        "Daypack 22L",
        "Camp Mug",
        "Trekking Poles",
    ];
    public static readonly string[] Buttons =
    [
        "Add to basket",
        "Checkout",
        "Save for later",
        "Apply coupon",
        "Continue",
        "Sign in",
        "Subscribe",
    ];
    public static readonly string[] Currencies = ["GBP", "EUR", "USD", "BRL"];
    public static readonly string[] Tiers = ["bronze", "silver", "gold"];
    public static readonly string[] SegmentEvents = ["Order Completed", "Product Viewed", "Checkout Started", "Cart Viewed", "Signed Up"];
    public static readonly string[] SendgridEvents = ["open", "click", "delivered", "bounce"];
    public static readonly string[] WebhookSchemas =
    [
        "iglu:com.acme/delivery_update/jsonschema/1-0-0",
        "iglu:com.acme/ticket_closed/jsonschema/1-0-0",
        "iglu:com.acme/stock_level/jsonschema/1-0-0",
    ];
    public static readonly string[] NewsletterLists = ["weekly", "offers", "trail-news", "product-updates"];

    public static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36",
    ];

    public static readonly string[] AppUserAgents =
    [
        "AcmeApp/4.2.0 (Android 14; Pixel 8)",
        "AcmeApp/4.1.3 (Android 13; SM-S911B)",
        "AcmeApp/4.2.0 (iOS 17.5; iPhone15,2)",
    ];
}
