/// docs/openapi.json, compiled in and served at `GET /openapi.json` (a test checks the two are the same).
/// Made by `make openapi` from docs/openapi.json: edit that file, not this one.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "wallet-reputation scoring API",
    "version": "1",
    "description": "Scores DeFi wallets with the dex-v1 model (docs/MODEL.md), synchronously. Served by score-server and on score-stream's HTTP port. Request-level errors are RFC 9457 problems (application/problem+json); a wallet that cannot be scored is a failure result, never a server error."
  },
  "paths": {
    "/api/v1/score": {
      "post": {
        "operationId": "scoreWallet",
        "summary": "Score one wallet message.",
        "parameters": [
          {"$ref": "#/components/parameters/AsOf"},
          {"name": "store", "in": "query", "description": "Keep the result in the results store (under Idempotency-Key when given).", "schema": {"type": "string", "enum": ["true", "false", "1", "0"]}},
          {"name": "Idempotency-Key", "in": "header", "description": "With store=true: the result is stored under api:KEY; the same key again returns the stored result unchanged (Idempotent-Replayed: true), without scoring.", "schema": {"type": "string", "minLength": 1, "maxLength": 255}}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WalletMessage"}}}
        },
        "responses": {
          "200": {"description": "The success result (docs/MODEL.md §5).", "headers": {"Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SuccessResult"}}}},
          "422": {"description": "The failure result: the document the failure topic gets.", "headers": {"Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FailureResult"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/score/batch": {
      "post": {
        "operationId": "scoreBatch",
        "summary": "Score many wallet messages; one result line per wallet, in input order, streamed.",
        "description": "A body that passes --max-request-bytes while it streams (no Content-Length) ends the answer with one problem line of status 413.",
        "parameters": [{"$ref": "#/components/parameters/AsOf"}],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/WalletMessage"}}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "One wallet message per line."}}
          }
        },
        "responses": {
          "200": {"description": "One result line (success or failure) per wallet, in input order.", "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/wallets/{address}": {
      "get": {
        "operationId": "latestResult",
        "summary": "The wallet's latest stored result.",
        "parameters": [{"$ref": "#/components/parameters/Address"}],
        "responses": {
          "200": {"description": "The stored result, unchanged.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Result"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/wallets/{address}/history": {
      "get": {
        "operationId": "resultHistory",
        "summary": "The wallet's stored results, newest first, a page at a time.",
        "parameters": [
          {"$ref": "#/components/parameters/Address"},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}},
          {"name": "cursor", "in": "query", "description": "next_cursor of the previous page.", "schema": {"type": "string", "minLength": 1}}
        ],
        "responses": {
          "200": {"description": "One page.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HistoryPage"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/scores/top": {
      "get": {
        "operationId": "topResults",
        "summary": "The top wallets by their latest stored result.",
        "parameters": [
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10}},
          {"name": "by", "in": "query", "schema": {"type": "string", "enum": ["risk_score", "final_score"], "default": "risk_score"}},
          {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["desc", "asc"], "default": "desc"}},
          {"name": "decision", "in": "query", "schema": {"type": "string", "enum": ["APPROVED", "REVIEW", "DECLINED"]}}
        ],
        "responses": {
          "200": {"description": "The wallets' latest results, in order.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TopResults"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openAPI",
        "summary": "This document.",
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}
      }
    },
    "/": {
      "get": {
        "operationId": "serviceInfo",
        "summary": "The service, its version, model and parameters.",
        "responses": {"200": {"description": "Service information.", "content": {"application/json": {"schema": {"type": "object", "required": ["service", "version"], "properties": {"service": {"type": "string"}, "version": {"type": "string"}}}}}}}
      }
    },
    "/api/v1/health": {
      "get": {
        "operationId": "health",
        "summary": "Liveness.",
        "responses": {
          "200": {"description": "Alive.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "503": {"description": "Shutting down (score-server) or unhealthy (score-stream).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}
        }
      }
    },
    "/api/v1/ready": {
      "get": {
        "operationId": "ready",
        "summary": "Readiness.",
        "responses": {
          "200": {"description": "Ready.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "503": {"description": "Not ready, or shutting down.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "summary": "Prometheus metrics.",
        "responses": {"200": {"description": "Text exposition format 0.0.4.", "content": {"text/plain": {"schema": {"type": "string"}}}}}
      }
    },
    "/api/v1/stats": {
      "get": {
        "operationId": "stats",
        "summary": "What the service has scored since it started.",
        "description": "score-server counts every wallet of /api/v1/score and /api/v1/score/batch; score-stream counts its pipeline's results and adds its Kafka state (partitions, lag, deliveries).",
        "responses": {"200": {"description": "The counts.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stats"}}}}}
      }
    },
    "/dashboard": {
      "get": {
        "operationId": "dashboardPage",
        "summary": "The live dashboard: one self-contained HTML page that polls /api/v1/dashboard every 2 s.",
        "responses": {"200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}}}
      }
    },
    "/api/v1/dashboard": {
      "get": {
        "operationId": "dashboard",
        "summary": "Everything the dashboard shows: the stats, health, thresholds, the last 15 minutes in 10-s buckets, the distributions and the last 50 results.",
        "responses": {"200": {"description": "The dashboard document.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Dashboard"}}}}}
      }
    },
    "/api/v1/dashboard/top": {
      "get": {
        "operationId": "dashboardTop",
        "summary": "The 10 riskiest wallets of the results store (by the risk score of each wallet's latest result).",
        "responses": {
          "200": {"description": "The wallets.", "content": {"application/json": {"schema": {"type": "object", "required": ["store", "items"], "properties": {"store": {"type": "string"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/DashboardResult"}}}}}}},
          "404": {"description": "No results store is configured.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DashboardError"}}}},
          "503": {"description": "The results store cannot be reached.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DashboardError"}}}}
        }
      }
    },
    "/api/v1/dashboard/wallets/{address}": {
      "get": {
        "operationId": "dashboardWallet",
        "summary": "A wallet's last 50 stored results (newest first) and the reasons of its latest.",
        "parameters": [{"$ref": "#/components/parameters/Address"}],
        "responses": {
          "200": {"description": "The wallet's history.", "content": {"application/json": {"schema": {"type": "object", "required": ["wallet_address", "latest", "latest_reasons", "history"], "properties": {"wallet_address": {"type": "string"}, "latest": {"$ref": "#/components/schemas/DashboardResult"}, "latest_reasons": {"type": "array"}, "history": {"type": "array", "items": {"$ref": "#/components/schemas/DashboardResult"}}}}}}},
          "404": {"description": "No results store is configured, or nothing is stored for the wallet (or no such route).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DashboardError"}}, "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "503": {"description": "The results store cannot be reached.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DashboardError"}}}}
        }
      }
    }
  },
  "components": {
    "parameters": {
      "AsOf": {"name": "as_of", "in": "query", "description": "Scoring time, unix seconds (default: now).", "schema": {"type": "integer", "minimum": 0, "maximum": 9223372036854775807}},
      "Address": {"name": "address", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}
    },
    "headers": {
      "IdempotentReplayed": {"description": "true when the answer is a result stored earlier under the same Idempotency-Key.", "schema": {"type": "string", "enum": ["true"]}}
    },
    "responses": {
      "BadRequest": {"description": "An empty body, or a bad query parameter or header (named in parameter).", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "NotFound": {"description": "No such route, or nothing stored.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "TooLarge": {"description": "The body is over --max-request-bytes.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "UnsupportedMediaType": {"description": "A Content-Type the route does not take.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "Unavailable": {"description": "Shutting down, or the results store is not configured or cannot be reached.", "headers": {"Retry-After": {"schema": {"type": "string"}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    },
    "schemas": {
      "WalletMessage": {
        "type": "object",
        "description": "A wallet and its DEX history (docs/MODEL.md §2). Anything else is accepted too, and answered with a failure result.",
        "properties": {
          "wallet_address": {"type": "string"},
          "data": {"type": "array", "items": {"type": "object", "properties": {"protocolType": {"type": "string"}, "transactions": {"type": "array", "items": {"type": "object"}}}}}
        }
      },
      "SuccessResult": {
        "type": "object",
        "required": ["wallet_address", "zscore", "timestamp", "processing_time_ms", "model_version", "parameters_id", "as_of", "categories"],
        "properties": {
          "wallet_address": {"type": "string"},
          "zscore": {"type": "string"},
          "timestamp": {"type": "integer"},
          "processing_time_ms": {"type": "number"},
          "model_version": {"type": "string"},
          "parameters_id": {"type": "string"},
          "as_of": {"type": "integer"},
          "percentile": {"type": "number"},
          "categories": {"type": "array", "items": {"type": "object", "required": ["category", "score", "transaction_count", "features", "tags", "breakdown"]}},
          "risk": {"type": "object"}
        }
      },
      "FailureResult": {
        "type": "object",
        "required": ["wallet_address", "error", "error_code", "timestamp", "processing_time_ms", "categories"],
        "properties": {
          "wallet_address": {"type": ["string", "null"]},
          "error": {"type": "string"},
          "error_code": {"type": "string", "enum": ["invalid_json", "missing_field", "invalid_field", "no_dex_transactions", "too_large"]},
          "timestamp": {"type": "integer"},
          "processing_time_ms": {"type": "number"},
          "categories": {"type": "array", "items": {"type": "object", "required": ["category", "error", "transaction_count"]}}
        }
      },
      "Result": {"oneOf": [{"$ref": "#/components/schemas/SuccessResult"}, {"$ref": "#/components/schemas/FailureResult"}]},
      "HistoryPage": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}},
          "next_cursor": {"type": ["string", "null"], "description": "Pass it as cursor for the next page; null on the last page."}
        }
      },
      "TopResults": {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}}}
      },
      "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
          "type": {"type": "string"},
          "title": {"type": "string"},
          "status": {"type": "integer"},
          "detail": {"type": "string"},
          "parameter": {"type": "string", "description": "The query parameter or header at fault."}
        }
      },
      "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
      "Quantiles": {"type": ["object", "null"], "required": ["p50", "p99"], "properties": {"p50": {"type": "number"}, "p99": {"type": "number"}}},
      "Stats": {
        "type": "object",
        "required": ["total_processed", "successful_processed", "failed_processed", "failures_by_code", "decisions", "average_processing_time_ms", "uptime_seconds", "parameters_id"],
        "properties": {
          "total_processed": {"type": "integer", "minimum": 0},
          "successful_processed": {"type": "integer", "minimum": 0},
          "failed_processed": {"type": "integer", "minimum": 0},
          "failures_by_code": {"type": "object", "additionalProperties": {"type": "integer"}},
          "decisions": {"type": "object", "properties": {"APPROVED": {"type": "integer"}, "REVIEW": {"type": "integer"}, "DECLINED": {"type": "integer"}}},
          "average_processing_time_ms": {"type": "number"},
          "processing_time_ms": {"$ref": "#/components/schemas/Quantiles", "description": "Scoring time of one wallet; absent (score-server) or null (score-stream) before the first."},
          "processing_latency_ms": {"$ref": "#/components/schemas/Quantiles", "description": "score-stream only: end to end, from the input message to its delivered result."},
          "uptime_seconds": {"type": "number"},
          "last_processed_timestamp": {"type": ["number", "null"]},
          "parameters_id": {"type": "string"},
          "results_store": {"description": "score-server: the store's name; score-stream: its write counts."},
          "partitions": {"type": "array", "description": "score-stream only: the input partitions it owns, their positions and lag."}
        }
      },
      "DashboardResult": {
        "type": "object",
        "required": ["wallet_address", "timestamp", "final_score", "decision", "risk_score", "bot_probability", "error_code"],
        "properties": {
          "wallet_address": {"type": ["string", "null"]}, "timestamp": {"type": "integer"}, "final_score": {"type": ["number", "null"]},
          "decision": {"type": ["string", "null"]}, "risk_score": {"type": ["number", "null"]}, "bot_probability": {"type": ["number", "null"]},
          "error_code": {"type": ["string", "null"]}
        }
      },
      "DashboardError": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
      "Distribution": {"type": "object", "required": ["lower", "upper", "edges", "counts"], "properties": {"lower": {"type": "number"}, "upper": {"type": "number"}, "edges": {"type": "array", "items": {"type": "number"}}, "counts": {"type": "array", "items": {"type": "integer"}}}},
      "Dashboard": {
        "type": "object",
        "required": ["generated_at", "stats", "health", "thresholds", "throughput", "final_score", "bot_probability", "risk_assessed", "recent", "results_store"],
        "properties": {
          "generated_at": {"type": "number"},
          "stats": {"$ref": "#/components/schemas/Stats"},
          "health": {"type": "object", "required": ["code", "status", "reasons"], "properties": {"code": {"type": "integer"}, "status": {"type": "string"}, "reasons": {"type": "array", "items": {"type": "string"}}}},
          "thresholds": {"type": "object", "required": ["store", "parameters_id", "refresh_seconds", "refresh_problem"], "properties": {"store": {"type": "string"}, "parameters_id": {"type": "string"}, "refresh_seconds": {"type": ["number", "null"]}, "refresh_problem": {"type": ["string", "null"]}}},
          "throughput": {"type": "object", "required": ["bucket_seconds", "buckets"], "properties": {"bucket_seconds": {"type": "integer"}, "buckets": {"type": "array", "items": {"type": "object", "required": ["start", "succeeded", "failed", "per_second", "APPROVED", "REVIEW", "DECLINED"]}}}},
          "final_score": {"$ref": "#/components/schemas/Distribution"},
          "bot_probability": {"$ref": "#/components/schemas/Distribution"},
          "risk_assessed": {"type": "integer"},
          "recent": {"type": "array", "maxItems": 50, "items": {"type": "object", "required": ["wallet_address", "outcome", "final_score", "decision", "bot_probability", "reasons", "error_code", "delivered_at"]}},
          "results_store": {"type": ["string", "null"]}
        }
      }
    }
  }
}
"""#
}
