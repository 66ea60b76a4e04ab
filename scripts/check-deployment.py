#!/usr/bin/env python3
"""make test: the deployment files agree with the executables.

- compose.yaml parses, has the services the README names, each with a health check;
- every variable compose.yaml sets for our services, or substitutes (${NAME...}), is one the executables read;
- .env.example lists exactly the variables the executables read (set, or commented out as "# NAME=");
- a default compose.yaml substitutes (${NAME:-default}) is .env.example's default;
- the Dockerfile builds every executable compose.yaml runs.
The variables the executables read are collected from the sources: every env["NAME"] / environment["NAME"]
lookup under Sources/, except stream-bench (the bench's test broker, never deployed).
Exit 0 when all hold; else one line per problem and exit 1.
"""
import pathlib, re, sys
import yaml

root = pathlib.Path(__file__).resolve().parent.parent
problems = []

# What the executables read.
lookup = re.compile(r'(?:\benv|\benvironment)\["([A-Z][A-Z0-9_]*)"\]')
accepted = {}
for source in sorted((root / "Sources").rglob("*.swift")):
    if source.relative_to(root).parts[1] == "stream-bench":
        continue
    for name in lookup.findall(source.read_text(encoding="utf-8")):
        accepted.setdefault(name, str(source.relative_to(root)))
if not accepted:
    problems.append("no environment lookup found under Sources/: the collector is broken")

# .env.example: NAME=default, or "# NAME=..." for a variable unset by default.
example = {}
for number, line in enumerate((root / ".env.example").read_text(encoding="utf-8").splitlines(), 1):
    match = re.fullmatch(r'(#\s*)?([A-Z][A-Z0-9_]*)=(.*)', line.strip())
    if match:
        name = match.group(2)
        if name in example:
            problems.append(f".env.example:{number}: {name} is listed twice")
        example[name] = None if match.group(1) else match.group(3)
for name in sorted(set(example) - set(accepted)):
    problems.append(f".env.example lists {name}, which no executable reads")
for name in sorted(set(accepted) - set(example)):
    problems.append(f"{accepted[name]} reads {name}, which .env.example does not list")

# compose.yaml
text = (root / "compose.yaml").read_text(encoding="utf-8")
try:
    compose = yaml.safe_load(text)
except yaml.YAMLError as error:
    sys.exit(f"compose.yaml does not parse: {error}")
services = compose.get("services") or {}
for required in ["kafka", "mongodb", "score-stream", "score-server", "producer"]:
    if required not in services:
        problems.append(f"compose.yaml has no service {required}")
ours = {}
for name, service in services.items():
    if "healthcheck" not in service:
        problems.append(f"compose.yaml: service {name} has no healthcheck")
    command = service.get("command") or []
    if service.get("image", "").startswith("wallet-reputation") or "build" in service:
        ours[name] = command[0] if command else "score-stream"
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        for variable in environment:
            if variable not in accepted:
                problems.append(f"compose.yaml: service {name} sets {variable}, which no executable reads")
if "kafka" in services and "KAFKA_PROCESS_ROLES" not in (services["kafka"].get("environment") or {}):
    problems.append("compose.yaml: kafka does not run in KRaft mode (KAFKA_PROCESS_ROLES)")
for variable, default in re.findall(r'\$\{([A-Z][A-Z0-9_]*)(?::?-([^}]*))?\}', text):
    if variable not in accepted:
        problems.append(f"compose.yaml substitutes ${{{variable}}}, which no executable reads")
    elif default and example.get(variable) not in (None, default):
        problems.append(f"compose.yaml's default for {variable} is {default}, .env.example's is {example.get(variable)}")

# The Dockerfile builds what compose runs.
dockerfile = (root / "Dockerfile").read_text(encoding="utf-8")
for service, executable in sorted(ours.items()):
    if f"--product {executable}" not in dockerfile:
        problems.append(f"compose.yaml runs {executable} (service {service}), which the Dockerfile does not build")
    if not (root / "Sources" / executable).is_dir():
        problems.append(f"compose.yaml runs {executable} (service {service}), which is not an executable of this package")

for problem in problems:
    print(f"check-deployment: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"check-deployment: compose.yaml parses; {len(services)} services with health checks; "
      f"{len(accepted)} variables read by the executables, all in .env.example, none unknown in compose.yaml")
