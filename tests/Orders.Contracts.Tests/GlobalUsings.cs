global using Orders.Contracts;
