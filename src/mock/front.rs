//! The connection loop in front of the routes: records each request, then injects faults
//! or scripted answers before the routes see it.
//!
//! It is written on hyper directly, not `axum::serve`, because dropping a connection
//! without an answer (a fault, or the end of a scripted hang) needs control of the
//! connection: returning an error from the service makes hyper close it.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use axum::response::IntoResponse;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use super::routes;
use super::scenario::Scripted;
use super::{Fault, Shared};

/// The error that makes hyper drop a connection without answering.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped on purpose by the stand-in")]
struct DropConnection;

/// Accepts connections until `shutdown` is cancelled.
pub async fn serve(listener: TcpListener, shared: Arc<Shared>, shutdown: CancellationToken) {
    let router = routes::router(Arc::clone(&shared));
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                tracing::warn!(%error, "stand-in could not accept a connection");
                continue;
            }
        };
        let shared = Arc::clone(&shared);
        let router = router.clone();
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                handle(Arc::clone(&shared), router.clone(), request)
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                () = shutdown.cancelled() => {}
            }
        });
    }
}

async fn handle(
    shared: Arc<Shared>,
    router: Router,
    request: Request<Incoming>,
) -> Result<Response<Body>, DropConnection> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| DropConnection)?.to_bytes();
    let number = shared.record(&parts, &body);

    if !shared.options.latency.is_zero() {
        tokio::time::sleep(shared.options.latency).await;
    }
    if let Some(fault) = shared.options.faults.pick(number) {
        return fault_response(fault);
    }
    let scripted = shared
        .options
        .scenario
        .as_ref()
        .and_then(|scenario| scenario.answer(parts.method.as_str(), parts.uri.path(), &body));
    match scripted {
        Some(Scripted::Hang(hold)) => {
            tokio::select! {
                () = tokio::time::sleep(hold) => {}
                () = shared.shutdown.cancelled() => {}
            }
            return Err(DropConnection);
        }
        Some(Scripted::Reply {
            status,
            headers,
            body,
        }) => return Ok(scripted_response(status, &headers, body)),
        None => {}
    }

    let request = Request::from_parts(parts, Body::from(body));
    match router.oneshot(request).await {
        Ok(response) => Ok(response),
        Err(never) => match never {},
    }
}

fn fault_response(fault: Fault) -> Result<Response<Body>, DropConnection> {
    let response = match fault {
        Fault::Drop => return Err(DropConnection),
        Fault::ServerError => {
            routes::error_response(500, "internal error injected by the stand-in")
        }
        Fault::Throttle => routes::error_response(429, "too many requests"),
        Fault::HtmlPage => (
            StatusCode::BAD_GATEWAY,
            [("content-type", "text/html")],
            "<html><head><title>502 Bad Gateway</title></head>\
             <body><h1>502 Bad Gateway</h1><p>stand-in proxy page</p></body></html>",
        )
            .into_response(),
    };
    Ok(response)
}

fn scripted_response(status: u16, headers: &[(String, String)], body: String) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) else {
            tracing::warn!(header = %name, "scenario header is not valid HTTP; left out");
            continue;
        };
        response.headers_mut().append(name, value);
    }
    response
}
