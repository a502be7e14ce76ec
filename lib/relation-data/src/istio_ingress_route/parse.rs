//! `IstioIngressRouteConfig.model_validate_json`, rule for rule (charmlibs 1.0.2 on pydantic
//! 2.14.3). Fields are checked in declaration order, so the first error is the one pydantic
//! lists first. Unknown members are ignored (pydantic's default `extra='ignore'`), which is how
//! the computed `type` member of filters is treated on input.

use super::json::{Json, Object, int, list, one_of, string};
use super::model::{
    BackendRef, GrpcMethodMatch, GrpcRoute, GrpcRouteMatch, HeaderMatches, HttpMethod,
    HttpPathMatch, HttpRoute, HttpRouteFilter, HttpRouteMatch, IstioIngressRouteRequest, Listener,
    PathMatchType, PathModifier, PathModifierType, Protocol, RequestRedirect, UrlRewrite,
};
use crate::error::{Reason, ValueError};

/// The whole config object.
pub(crate) fn config(value: &Json) -> Result<IstioIngressRouteRequest, ValueError> {
    let obj = Object::of(value)?;
    Ok(IstioIngressRouteRequest {
        model: obj.required("model", string)?,
        listeners: obj.defaulted("listeners", Vec::new(), |v| list(v, listener))?,
        http_routes: obj.defaulted("http_routes", Vec::new(), |v| list(v, http_route))?,
        grpc_routes: obj.defaulted("grpc_routes", Vec::new(), |v| list(v, grpc_route))?,
    })
}

fn enum_value<T: Copy>(
    value: &Json,
    names: &'static [&'static str],
    all: &'static [T],
) -> Result<T, ValueError> {
    one_of(value, names).map(|index| all[index])
}

fn port(value: &Json) -> Result<u16, ValueError> {
    int(value, 1, 65535).map(|p| p as u16)
}

fn listener(value: &Json) -> Result<Listener, ValueError> {
    let obj = Object::of(value)?;
    Ok(Listener {
        port: obj.required("port", port)?,
        protocol: obj.required("protocol", |v| {
            enum_value(v, Protocol::NAMES, Protocol::ALL)
        })?,
    })
}

fn backend(value: &Json) -> Result<BackendRef, ValueError> {
    let obj = Object::of(value)?;
    Ok(BackendRef {
        service: obj.required("service", string)?,
        port: obj.required("port", port)?,
        weight: obj.optional("weight", |v| int(v, 1, 100).map(|w| w as u8))?,
    })
}

/// The fields every route has, in declaration order (`_Route`, then `_L7Route`).
struct RouteCommon {
    name: String,
    listener: Listener,
    backends: Vec<BackendRef>,
    hostnames: Option<Vec<String>>,
}

fn route_common(obj: &Object<'_>) -> Result<RouteCommon, ValueError> {
    Ok(RouteCommon {
        name: obj.required("name", string)?,
        listener: obj.required("listener", listener)?,
        backends: obj.required("backends", |v| list(v, backend))?,
        hostnames: obj.optional("hostnames", |v| list(v, string))?,
    })
}

fn http_route(value: &Json) -> Result<HttpRoute, ValueError> {
    let obj = Object::of(value)?;
    let common = route_common(&obj)?;
    Ok(HttpRoute {
        name: common.name,
        listener: common.listener,
        backends: common.backends,
        hostnames: common.hostnames,
        matches: obj.optional("matches", |v| list(v, http_match))?,
        filters: obj.optional("filters", |v| list(v, http_filter))?,
    })
}

fn grpc_route(value: &Json) -> Result<GrpcRoute, ValueError> {
    let obj = Object::of(value)?;
    let common = route_common(&obj)?;
    Ok(GrpcRoute {
        name: common.name,
        listener: common.listener,
        backends: common.backends,
        hostnames: common.hostnames,
        matches: obj.optional("matches", |v| list(v, grpc_match))?,
        filters: obj.optional("filters", |v| list(v, grpc_filter))?,
    })
}

fn headers(value: &Json) -> Result<HeaderMatches, ValueError> {
    let obj = Object::of(value)?;
    let mut headers = HeaderMatches::new();
    for (name, value) in obj.members() {
        headers.insert(name.clone(), string(value).map_err(|e| e.in_field(name))?);
    }
    Ok(headers)
}

fn http_match(value: &Json) -> Result<HttpRouteMatch, ValueError> {
    let obj = Object::of(value)?;
    Ok(HttpRouteMatch {
        headers: obj.optional("headers", headers)?,
        path: obj.optional("path", path_match)?,
        method: obj.optional("method", |v| {
            enum_value(v, HttpMethod::NAMES, HttpMethod::ALL)
        })?,
    })
}

fn path_match(value: &Json) -> Result<HttpPathMatch, ValueError> {
    let obj = Object::of(value)?;
    Ok(HttpPathMatch {
        match_type: obj.defaulted("type", PathMatchType::PathPrefix, |v| {
            enum_value(v, PathMatchType::NAMES, PathMatchType::ALL)
        })?,
        value: obj.required("value", string)?,
    })
}

fn grpc_match(value: &Json) -> Result<GrpcRouteMatch, ValueError> {
    let obj = Object::of(value)?;
    Ok(GrpcRouteMatch {
        headers: obj.optional("headers", headers)?,
        method: obj.optional("method", |v| {
            let obj = Object::of(v)?;
            Ok(GrpcMethodMatch {
                service: obj.required("service", string)?,
                method: obj.optional("method", string)?,
            })
        })?,
    })
}

/// `PathModifier` with its `mode='before'` validator: `replacePrefixMatch` wins over
/// `replaceFullPath`, each giving the default type unless `type` is present; without either,
/// the model's own `type` and `value` fields are both required.
fn path_modifier(value: &Json) -> Result<PathModifier, ValueError> {
    let obj = Object::of(value)?;
    let modifier_type = |default| {
        obj.defaulted("type", default, |v| {
            enum_value(v, PathModifierType::NAMES, PathModifierType::ALL)
        })
    };
    let (modifier_type, value_field) = if obj.has("replacePrefixMatch") {
        (
            modifier_type(PathModifierType::ReplacePrefixMatch)?,
            "replacePrefixMatch",
        )
    } else if obj.has("replaceFullPath") {
        (
            modifier_type(PathModifierType::ReplaceFullPath)?,
            "replaceFullPath",
        )
    } else {
        let modifier_type = obj.required("type", |v| {
            enum_value(v, PathModifierType::NAMES, PathModifierType::ALL)
        })?;
        (modifier_type, "value")
    };
    Ok(PathModifier {
        modifier_type,
        value: obj.required(value_field, string)?,
    })
}

fn url_rewrite(value: &Json) -> Result<UrlRewrite, ValueError> {
    let obj = Object::of(value)?;
    Ok(UrlRewrite {
        hostname: obj.optional("hostname", string)?,
        path: obj.optional("path", path_modifier)?,
    })
}

fn request_redirect(value: &Json) -> Result<RequestRedirect, ValueError> {
    let obj = Object::of(value)?;
    Ok(RequestRedirect {
        scheme: obj.optional("scheme", string)?,
        hostname: obj.optional("hostname", string)?,
        path: obj.optional("path", path_modifier)?,
        port: obj.optional("port", port)?,
        status_code: obj.defaulted("statusCode", RequestRedirect::DEFAULT_STATUS_CODE, |v| {
            int(v, i64::MIN, i64::MAX)
        })?,
    })
}

/// `URLRewriteFilter | RequestRedirectFilter` in pydantic's smart mode: a valid URLRewrite
/// wins (also when `requestRedirect` is valid too, and whatever `type` says), then a valid
/// RequestRedirect. When both fail, the error of the member that is present is reported
/// (URLRewrite's when both are).
fn http_filter(value: &Json) -> Result<HttpRouteFilter, ValueError> {
    let obj = Object::of(value).map_err(|_| neither(value))?;
    let rewrite = obj.required("urlRewrite", url_rewrite);
    if let Ok(spec) = rewrite {
        return Ok(HttpRouteFilter::UrlRewrite(spec));
    }
    let redirect = obj.required("requestRedirect", request_redirect);
    if let Ok(spec) = redirect {
        return Ok(HttpRouteFilter::RequestRedirect(spec));
    }
    match (obj.has("urlRewrite"), obj.has("requestRedirect")) {
        (true, _) => rewrite.map(HttpRouteFilter::UrlRewrite),
        (false, true) => redirect.map(HttpRouteFilter::RequestRedirect),
        (false, false) => Err(neither(value)),
    }
}

fn neither(value: &Json) -> ValueError {
    Reason::WrongType {
        expected: r#"an object with "urlRewrite" or "requestRedirect""#,
        found: match value {
            Json::Object(_) => "an object with neither",
            other => super::json::kind(other),
        },
    }
    .into()
}

/// `RequestRedirectFilter`, the only filter a gRPC route may carry in the library.
fn grpc_filter(value: &Json) -> Result<RequestRedirect, ValueError> {
    Object::of(value)?.required("requestRedirect", request_redirect)
}
