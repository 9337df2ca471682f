# Sourced (after bench/lib/services.sh, for free_port) by benchmarks that set our proxies beside proxies with nothing of
# ours: YARP alone (bench/BareProxy: one route, the library's defaults) and nginx (Debian's package, a private
# instance). Their files (logs, nginx's config, pid and temp) live in one directory, removed by stop_baselines.
#   start_bare_proxy <var> <destination>   builds BareProxy once, starts one in front of <destination>, sets $<var> to
#                                          its URL once it answers
#   start_nginx <http block>               starts nginx with these upstream and server blocks (their listen addresses)
#   stop_baselines                         idempotent: a script may call it from its exit trap

baseline_dir=$(mktemp -d /tmp/mcpgw-baselines-XXXX)
chmod 777 "$baseline_dir" # nginx's workers (www-data) write their temp files here
baseline_pids=()

start_bare_proxy() {
  local url=http://127.0.0.1:$(free_port)
  [ ${#baseline_pids[@]} -gt 0 ] || dotnet build -c Release bench/BareProxy/BareProxy.csproj -v q -nologo >/dev/null
  dotnet bench/BareProxy/bin/Release/net10.0/BareProxy.dll "$url" "$2" >"$baseline_dir/$1.log" 2>&1 &
  baseline_pids+=($!)
  until curl -s -o /dev/null "$url/"; do
    kill -0 "${baseline_pids[-1]}" 2>/dev/null || { cat "$baseline_dir/$1.log" >&2; exit 1; }
    sleep 0.2
  done
  printf -v "$1" %s "$url"
}

start_nginx() {
  cat >"$baseline_dir/nginx.conf" <<CONF
worker_processes auto;
pid $baseline_dir/nginx.pid;
error_log $baseline_dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $baseline_dir/body;
  proxy_temp_path $baseline_dir/proxy;
  fastcgi_temp_path $baseline_dir/fastcgi;
  uwsgi_temp_path $baseline_dir/uwsgi;
  scgi_temp_path $baseline_dir/scgi;
$1
}
CONF
  nginx -p "$baseline_dir" -c "$baseline_dir/nginx.conf" -e "$baseline_dir/nginx-error.log"
}

stop_baselines() {
  [ -d "$baseline_dir" ] || return 0
  [ -f "$baseline_dir/nginx.pid" ] && kill -QUIT "$(cat "$baseline_dir/nginx.pid")" 2>/dev/null
  local pid
  for pid in "${baseline_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${baseline_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$baseline_dir"
}
