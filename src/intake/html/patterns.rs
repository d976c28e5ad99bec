//! Class and id patterns of boilerplate and of content, after Mozilla
//! Readability's lists (substring matches on lower-case `class id`).

/// Parts of a class or id that mark page furniture, never the article.
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "cookie",
    "consent",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "newsletter",
    "subscribe",
];

/// Parts that rescue an unlikely-looking element (`article-header`...).
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];

/// ARIA roles of furniture.
const UNLIKELY_ROLES: &[&str] = &[
    "role-menu",
    "role-menubar",
    "role-complementary",
    "role-navigation",
    "role-alert",
    "role-alertdialog",
    "role-dialog",
];

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story",
];

const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "footnote",
    "gdpr",
    "masthead",
    "outbrain",
    "promo",
    "related",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "widget",
    "newsletter",
    "subscribe",
    "recirc",
    "taboola",
    "caption",
    "credit",
    "gallery",
    "slideshow",
    "byline",
    "dateline",
    "author",
    "timestamp",
    "copyright",
    "signup",
];

/// Whether an element looks like page furniture by its class, id or role.
/// `tag` is only looked at through [`never_unlikely`], which callers
/// caching by class alone must apply themselves.
pub(crate) fn unlikely(tag: &str, names: &str) -> bool {
    if names.is_empty() || never_unlikely(tag) {
        return false;
    }
    if UNLIKELY_ROLES.iter().any(|role| names.contains(role)) {
        return true;
    }
    UNLIKELY.iter().any(|p| names.contains(p)) && !MAYBE.iter().any(|p| names.contains(p))
}

/// Elements kept whatever their class says.
pub(crate) fn never_unlikely(tag: &str) -> bool {
    matches!(tag, "body" | "a" | "html" | "article" | "main")
}

/// +25 for content-like class or id, -25 for furniture-like, both or
/// neither 0.
pub(crate) fn class_weight(names: &str) -> i32 {
    if names.is_empty() {
        return 0;
    }
    let mut weight = 0;
    if NEGATIVE.iter().any(|p| names.contains(p)) || ad_like(names) {
        weight -= 25;
    }
    if POSITIVE.iter().any(|p| names.contains(p)) {
        weight += 25;
    }
    weight
}

/// A class or id token naming an advertisement: `ad`, `ads`, `ad-slot`,
/// `ad_unit`, `advert`...
fn ad_like(names: &str) -> bool {
    names.split_whitespace().any(|token| {
        matches!(token, "ad" | "ads")
            || token.starts_with("ad-")
            || token.starts_with("ad_")
            || token.starts_with("ads-")
            || token.contains("advert")
    })
}
