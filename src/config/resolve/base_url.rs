//! Checks `base_url`: an absolute http(s) URL without credentials, query or fragment, and
//! https unless the host is loopback or the table sets `allow_http`.

/// Parses `base_url` and enforces https, except for loopback hosts or with `allow_http`.
pub(super) fn check(value: &str, allow_http: bool) -> Result<url::Url, String> {
    let value = value.trim();
    let mut url = url::Url::parse(value).map_err(|error| {
        format!(
            "is not a valid URL ({error}); write it with its scheme, e.g. https://acme.datanuum.com"
        )
    })?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!(
            "scheme `{}` is not supported; use https://",
            url.scheme()
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "must not contain a user name or password; put the API token in token_env, \
             token_file or token"
                .to_string(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must not contain a query string or fragment".to_string());
    }
    if url.scheme() == "http" && !allow_http && !is_loopback(&url) {
        return Err(format!(
            "plain http:// is only accepted for loopback hosts (127.0.0.1, ::1, localhost); \
             use https://{}, or set allow_http = true in this table",
            url.host_str().unwrap_or_default()
        ));
    }
    let path = url.path().trim_end_matches('/').to_string();
    url.set_path(&path);
    Ok(url)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        Some(url::Host::Domain(domain)) => {
            domain.eq_ignore_ascii_case("localhost") || domain.ends_with(".localhost")
        }
        None => false,
    }
}
