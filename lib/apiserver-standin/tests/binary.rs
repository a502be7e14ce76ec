//! The `apiserver-standin` binary: starts, reports its port, serves, and saves its state.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// One HTTP/1.1 exchange over a fresh connection; returns the status code and JSON body.
fn exchange(port: u16, method: &str, path: &str, content_type: &str, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let code = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (code, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[test]
fn binary_serves_applies_and_saves_state() {
    let dir = tempfile::tempdir().unwrap();
    let (port_file, state_file) = (dir.path().join("port"), dir.path().join("state.json"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_apiserver-standin"))
        .args([
            "--port-file",
            port_file.to_str().unwrap(),
            "--state",
            state_file.to_str().unwrap(),
        ])
        .args(["--gateway-class", "cilium", "--gateway-address", "10.0.0.9"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    let port: u16 = std::fs::read_to_string(&port_file)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        banner.trim(),
        format!("apiserver-standin listening on http://127.0.0.1:{port}")
    );

    let gateway = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "gw"}, "spec": {"gatewayClassName": "cilium", "listeners": []}});
    let path =
        "/apis/gateway.networking.k8s.io/v1/namespaces/m/gateways/gw?fieldManager=gai&force=true";
    let (code, created) = exchange(
        port,
        "PATCH",
        path,
        "application/apply-patch+yaml",
        &gateway.to_string(),
    );
    let (list_code, classes) = exchange(
        port,
        "GET",
        "/apis/gateway.networking.k8s.io/v1/gatewayclasses",
        "",
        "",
    );
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&state_file).unwrap()).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(code, 201);
    assert_eq!(
        created["status"],
        json!({"addresses": [{"type": "IPAddress", "value": "10.0.0.9"}]})
    );
    assert_eq!(list_code, 200);
    assert_eq!(classes["kind"], "GatewayClassList");
    assert_eq!(classes["items"][0]["metadata"]["name"], "cilium");
    assert_eq!(saved["objects"]["gateways"]["m"]["gw"]["object"], created);
}
