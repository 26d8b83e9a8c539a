namespace Orders.Contracts;

/// <summary>One line of an order: <c>{"sku","quantity","unitPrice"}</c>.</summary>
/// <param name="Sku">The product code; the contract puts no rule on it.</param>
/// <param name="Quantity">An integer from 1 to 1000 (checked by <see cref="Validation.CommandValidator"/>).</param>
/// <param name="UnitPrice">Greater than 0, at most 100000, at most 2 fraction digits.</param>
public sealed record OrderItem(string Sku, int Quantity, decimal UnitPrice);
