package org.ewstoken.protocol; final class Placeholder {}
