package com.leadqual.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * Counts one client's requests by operation, as an SDK interceptor: how many, how many failed (and why), the
 * capacity DynamoDB says each consumed (it asks for it: ReturnConsumedCapacity INDEXES, so the table's share and the
 * global secondary indexes' share are told apart), the items a query or scan
 * returned, and the messages an SQS batch call carried.
 */
final class RequestCounter implements ExecutionInterceptor {
    /** One operation's totals. */
    static final class Operation {
        final LongAdder requests = new LongAdder();
        final LongAdder failed = new LongAdder();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        final DoubleAdder capacityUnits = new DoubleAdder();
        /** The part of capacityUnits the table's own items consumed; the rest went to index entries. */
        final DoubleAdder tableUnits = new DoubleAdder();
        final LongAdder capacityReports = new LongAdder();
        final LongAdder items = new LongAdder();
        final LongAdder messages = new LongAdder();
    }

    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest put) {
            return put.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof QueryRequest query) {
            return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof ScanRequest scan) {
            return scan.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof BatchWriteItemRequest batch) {
            return batch.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Operation op = operation(attributes);
        op.requests.increment();
        SdkResponse response = context.response();
        SdkRequest request = context.request();
        if (response instanceof PutItemResponse put) {
            capacity(op, put.consumedCapacity());
        } else if (response instanceof QueryResponse query) {
            capacity(op, query.consumedCapacity());
            op.items.add(query.count());
        } else if (response instanceof ScanResponse scan) {
            capacity(op, scan.consumedCapacity());
            op.items.add(scan.count());
        } else if (response instanceof BatchWriteItemResponse batch) {
            batch.consumedCapacity().forEach(c -> capacity(op, c));
            op.items.add(((BatchWriteItemRequest) request).requestItems().values().stream().mapToLong(java.util.List::size)
                    .sum());
        } else if (response instanceof TransactWriteItemsResponse transaction) {
            transaction.consumedCapacity().forEach(c -> capacity(op, c));
        } else if (response instanceof ReceiveMessageResponse receive) {
            op.messages.add(receive.messages().size());
        }
        if (request instanceof SendMessageBatchRequest send) {
            op.messages.add(send.entries().size());
        } else if (request instanceof DeleteMessageBatchRequest delete) {
            op.messages.add(delete.entries().size());
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Operation op = operation(attributes);
        op.requests.increment();
        op.failed.increment();
        op.failures.computeIfAbsent(context.exception().getClass().getSimpleName(), k -> new LongAdder()).increment();
    }

    private static void capacity(Operation op, ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            op.capacityUnits.add(capacity.capacityUnits());
            op.capacityReports.increment();
            if (capacity.table() != null && capacity.table().capacityUnits() != null) {
                op.tableUnits.add(capacity.table().capacityUnits());
            }
        }
    }

    private Operation operation(ExecutionAttributes attributes) {
        return operations.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                k -> new Operation());
    }

    /** By operation name, sorted. */
    Map<String, Operation> operations() {
        return new TreeMap<>(operations);
    }

    Operation operation(String name) {
        return operations.getOrDefault(name, new Operation());
    }

    long requests(String operation) {
        return operation(operation).requests.sum();
    }

    /** Every request that writes items, whatever the operation. */
    long writes() {
        return java.util.stream.Stream.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")
                .mapToLong(this::requests).sum();
    }

    void reset() {
        operations.clear();
    }
}
