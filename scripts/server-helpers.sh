# Sourced by with-mongo.sh and with-kafka.sh: a free loopback port, and waiting for a server to listen.

# Prints a loopback port that is free now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_listening NAME PID PORT LOG: waits up to 20 s for 127.0.0.1:PORT; fails with the log if PID dies.
wait_listening() {
    local name=$1 pid=$2 port=$3 log=$4
    for _ in $(seq 1 100); do
        if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then return 0; fi
        kill -0 "$pid" 2>/dev/null || { echo "$name did not start:" >&2; cat "$log" >&2; return 1; }
        sleep 0.2
    done
    echo "$name is not listening on 127.0.0.1:$port after 20 s:" >&2; cat "$log" >&2; return 1
}
